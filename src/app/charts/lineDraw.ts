/** Pure canvas drawing of time series: columns in, pixels out. */

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

export function drawLines(ctx: CanvasRenderingContext2D, series: LineSeries[], markers: Marker[], scales: LineScales, size: PlotSize): void {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  const { top, bottom } = size.margin;
  ctx.save();
  ctx.beginPath();
  ctx.rect(size.margin.left, top, size.width - size.margin.left - size.margin.right, size.height - top - bottom);
  ctx.clip();
  ctx.font = '11px system-ui, sans-serif';
  // Labels of markers close together go on the next line down, not over each other.
  let lastEnd = -Infinity;
  let row = 0;
  for (const m of markers) {
    const px = scales.x(m.x);
    ctx.strokeStyle = '#9a6700';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, size.height - bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    if (!m.label) continue;
    row = px + 3 < lastEnd ? (row + 1) % 4 : 0;
    lastEnd = Math.max(row === 0 ? -Infinity : lastEnd, px + 3 + ctx.measureText(m.label).width + 4);
    ctx.fillStyle = '#7a5200';
    ctx.fillText(m.label, px + 3, top + 11 + row * 12);
  }
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
}
