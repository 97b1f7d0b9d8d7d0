/** Axis ticks and labels on canvas, for charts that redraw every frame. */
import type * as d3 from 'd3';

type Scale = d3.ScaleLinear<number, number> | d3.ScaleLogarithmic<number, number>;

export function drawAxes(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { width: number; height: number; margin: { left: number; bottom: number; top: number; right: number } }, yFormat: string): void {
  const { margin } = size;
  ctx.strokeStyle = '#bbb';
  ctx.fillStyle = '#333';
  ctx.lineWidth = 1;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  // For a log scale, tickFormat returns "" for the ticks between labelled ones.
  const label = y.tickFormat(4, yFormat);
  for (const t of y.ticks(4)) {
    const py = Math.round(y(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(margin.left, py);
    ctx.lineTo(size.width - margin.right, py);
    ctx.globalAlpha = 0.35;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillText(label(t), margin.left - 4, py);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(6)) ctx.fillText(String(t), x(t), size.height - margin.bottom + 4);
}

/**
 * Axes in the manner of d3.axisBottom and d3.axisLeft (a domain line, outward ticks, labels), on canvas:
 * the scatter redraws them in every frame of its tween, and SVG axes made each of those frames re-run
 * style, layout and hit-testing on the page's main thread, which the training worker shares the CPU with.
 */
export function drawEdgeAxes(ctx: CanvasRenderingContext2D, x: Scale, y: Scale, size: { width: number; height: number; margin: { left: number; bottom: number } }, fontPx = 11): void {
  const TICK = Math.round(fontPx / 2);
  const base = Math.round(size.height - size.margin.bottom) + 0.5;
  const left = Math.round(size.margin.left) - 0.5;
  const [x0, x1] = x.range() as [number, number];
  const [y0, y1] = y.range() as [number, number];
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = '#333';
  ctx.fillStyle = '#333';
  ctx.lineWidth = 1;
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  ctx.beginPath();
  ctx.moveTo(x0, base);
  ctx.lineTo(x1, base);
  ctx.moveTo(left, y0);
  ctx.lineTo(left, y1);
  // Ticks lie within the domain, so within the range: a zoom moves them but never outside the axis.
  // As many ticks as their labels have room for: a narrow panel in large type gets fewer, never labels run together.
  const xn = Math.max(2, Math.min(6, Math.floor(Math.abs(x1 - x0) / (fontPx * 4))));
  const yn = Math.max(2, Math.min(6, Math.floor(Math.abs(y1 - y0) / (fontPx * 2.5))));
  const xt = x.ticks(xn);
  const yt = y.ticks(yn);
  for (const t of xt) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, base);
    ctx.lineTo(px, base + TICK);
  }
  for (const t of yt) {
    const py = Math.round(y(t)) + 0.5;
    ctx.moveTo(left, py);
    ctx.lineTo(left - TICK, py);
  }
  ctx.stroke();
  const xLabel = x.tickFormat(xn);
  const yLabel = y.tickFormat(yn);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xt) ctx.fillText(xLabel(t), x(t), base + TICK + 2);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt) ctx.fillText(yLabel(t), left - TICK - 2, y(t));
  ctx.restore();
}
