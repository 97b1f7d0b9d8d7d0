/** The 3-D scatter's orientation key: the three feature axes as arrows from one corner, named f1, f2, f3. Pure canvas drawing. */
import { axisKey, type Orbit } from './orbit';
import type { PlotRect } from './scatterTypes';

export const AXIS_NAMES = ['f1', 'f2', 'f3'] as const;

/** Draws the key in the plot's bottom-left corner; returns where each arrow ends (CSS px), for tests and tools. */
export function drawAxisKey(ctx: CanvasRenderingContext2D, o: Orbit, view: PlotRect, fontPx: number): Array<{ axis: number; x: number; y: number }> {
  const len = Math.max(22, fontPx * 2.4);
  const pad = fontPx * 1.2 + 6;
  const cx = view.left + pad + len, cy = view.top + view.height - pad - len;
  ctx.save();
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  ctx.arc(cx, cy, len + fontPx + 4, 0, 2 * Math.PI);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const ends: Array<{ axis: number; x: number; y: number }> = [];
  // The axis pointing away from the viewer first, so the nearer ones are drawn over it.
  for (const a of axisKey(o).sort((p, q) => p.toward - q.toward)) {
    const x = cx + a.x * len, y = cy - a.y * len;
    ctx.strokeStyle = a.toward < 0 ? '#888' : '#111';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(cx, cy);
    ctx.lineTo(x, y);
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    const lx = cx + a.x * (len + fontPx * 0.8), ly = cy - a.y * (len + fontPx * 0.8);
    ctx.fillText(AXIS_NAMES[a.axis]!, lx, ly);
    ends.push({ axis: a.axis, x, y });
  }
  ctx.restore();
  return ends.sort((p, q) => p.axis - q.axis);
}
