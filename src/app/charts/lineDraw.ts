/** Pure canvas drawing of time series: columns in, pixels out. */
import { layoutMarkerLabels, type MarkerLayout } from './markerLabels';

export interface LineSeries {
  label: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  dash?: number[];
}

export interface LineScales {
  x: (v: number) => number;
  y: (v: number) => number;
}

export interface PlotSize {
  width: number;
  height: number;
  dpr: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface Marker {
  x: number;
  label: string;
}

const MARKER_FONT_PX = 12;
const MARKER_ROW_PX = 15;

/** Draws the curves and the change markers; returns where the markers' labels went. */
export function drawLines(ctx: CanvasRenderingContext2D, series: LineSeries[], markers: Marker[], scales: LineScales, size: PlotSize): MarkerLayout {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  const { top, bottom } = size.margin;
  ctx.save();
  ctx.beginPath();
  ctx.rect(size.margin.left, top, size.width - size.margin.left - size.margin.right, size.height - top - bottom);
  ctx.clip();
  ctx.font = `${MARKER_FONT_PX}px system-ui, sans-serif`;
  for (const m of markers) {
    const px = scales.x(m.x);
    ctx.strokeStyle = '#9a6700';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, size.height - bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  const plotH = size.height - top - bottom;
  const layout = layoutMarkerLabels(
    markers.map((m) => ({ px: scales.x(m.x), label: m.label })),
    (t) => ctx.measureText(t).width,
    { left: size.margin.left, right: size.width - size.margin.right, top },
    MARKER_ROW_PX,
    Math.max(1, Math.min(4, Math.floor((plotH * 0.6) / MARKER_ROW_PX))),
  );
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (const p of layout.placed) {
    // A white backing, so a label stays readable where it crosses a curve.
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = '#fff';
    ctx.fillRect(p.x0 - 1, p.y0, p.x1 - p.x0 + 2, p.y1 - p.y0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#6b4700';
    ctx.fillText(p.text, p.x0, p.y0 + 1);
  }
  ctx.textBaseline = 'alphabetic';
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.8;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < s.xs.length; i++) {
      const y = s.ys[i]!;
      if (!Number.isFinite(y)) {
        started = false;
        continue;
      }
      const px = scales.x(s.xs[i]!);
      const py = scales.y(y);
      if (!Number.isFinite(py)) {
        started = false;
        continue;
      }
      if (started) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      started = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.restore();
  return layout;
}
