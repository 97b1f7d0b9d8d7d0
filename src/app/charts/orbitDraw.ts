/** The 3-D scatter's orientation key: the three feature axes as arrows from one corner, named f1, f2, f3. Pure canvas drawing. */
import { axisKey, type Orbit } from './orbit';
import type { PlotRect } from './scatterTypes';

export const AXIS_NAMES = ['f1', 'f2', 'f3'] as const;

/** Draws the key in the plot's bottom-left corner; returns where each arrow ends (CSS px), for tests and tools. */
export function drawAxisKey(ctx: CanvasRenderingContext2D, o: Orbit, view: PlotRect, fontPx: number): Array<{ axis: number; x: number; y: number }> {
  // Small beside the data, and no backing: the key must not hide the points under it.
  const len = Math.max(14, Math.min(fontPx * 2.5, 0.08 * Math.min(view.width, view.height)));
  const pad = fontPx + 4;
  const cx = view.left + pad + len, cy = view.top + view.height - pad - len;
  ctx.save();
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
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
    const lx = cx + a.x * (len + fontPx * 0.8), ly = cy - a.y * (len + fontPx * 0.8);
    // A white halo keeps the name legible over points.
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#fff';
    ctx.strokeText(AXIS_NAMES[a.axis]!, lx, ly);
    ctx.fillStyle = a.toward < 0 ? '#888' : '#111';
    ctx.fillText(AXIS_NAMES[a.axis]!, lx, ly);
    ends.push({ axis: a.axis, x, y });
  }
  ctx.restore();
  return ends.sort((p, q) => p.axis - q.axis);
}
