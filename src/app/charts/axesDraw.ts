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
