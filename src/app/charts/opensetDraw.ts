/** Pure canvas drawing of the open-set explorer: the distance histograms with the threshold, and the ROC curve. */
import type { Histogram, RocPoint } from '../../ml/roc';
import type { Size } from './scatterDraw';

export const KNOWN_FILL = '#0072B2';
export const UNKNOWN_INK = '#111';
export const THRESHOLD_INK = '#333';
const FONT = '11px system-ui, sans-serif';
const M = { left: 30, right: 8, top: 8, bottom: 22 };

/** Two histograms of distance in typical distances (same bins), each scaled to its own peak share, and the threshold as a line. */
export function drawDistanceHistograms(ctx: CanvasRenderingContext2D, known: Histogram, unknown: Histogram, threshold: number, size: Size): void {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  const w = size.width - M.left - M.right, h = size.height - M.top - M.bottom;
  const bins = known.counts.length;
  const max = known.width * bins;
  const x = (v: number) => M.left + (v / max) * w;
  const share = (hist: Histogram) => {
    const total = hist.counts.reduce((a, b) => a + b, 0) || 1;
    return Array.from(hist.counts, (c) => c / total);
  };
  const k = share(known), u = share(unknown);
  const top = Math.max(1e-9, ...k, ...u);
  const y = (v: number) => M.top + h - (v / top) * h;
  ctx.fillStyle = KNOWN_FILL;
  ctx.globalAlpha = 0.45;
  ctx.beginPath();
  k.forEach((v, i) => v > 0 && ctx.rect(x(i * known.width), y(v), x((i + 1) * known.width) - x(i * known.width), M.top + h - y(v)));
  ctx.fill();
  ctx.globalAlpha = 1;
  // The unknown digits as an outline on top: both stay readable where they overlap.
  ctx.strokeStyle = UNKNOWN_INK;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x(0), y(0));
  u.forEach((v, i) => {
    ctx.lineTo(x(i * unknown.width), y(v));
    ctx.lineTo(x((i + 1) * unknown.width), y(v));
  });
  ctx.lineTo(x(max), y(0));
  ctx.stroke();
  ctx.strokeStyle = THRESHOLD_INK;
  ctx.lineWidth = 2;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  const tx = x(Math.min(threshold, max));
  ctx.moveTo(tx, M.top);
  ctx.lineTo(tx, M.top + h);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = '#888';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(M.left, M.top + h + 0.5);
  ctx.lineTo(M.left + w, M.top + h + 0.5);
  ctx.stroke();
  ctx.fillStyle = '#333';
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let t = 0; t <= max; t++) ctx.fillText(`${t}×`, x(t), M.top + h + 4);
}

/** The ROC curve (false rejections of known digits → rejections of unknown ones), the chance diagonal and the threshold's point. */
export function drawRoc(ctx: CanvasRenderingContext2D, curve: readonly RocPoint[], at: { fpr: number; tpr: number } | null, size: Size): void {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  const w = size.width - M.left - M.right, h = size.height - M.top - M.bottom;
  const x = (v: number) => M.left + v * w;
  const y = (v: number) => M.top + h - v * h;
  ctx.strokeStyle = '#bbb';
  ctx.lineWidth = 1;
  ctx.strokeRect(x(0), y(1), w, h);
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(x(0), y(0));
  ctx.lineTo(x(1), y(1));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = KNOWN_FILL;
  ctx.lineWidth = 2;
  ctx.beginPath();
  curve.forEach((p, i) => (i ? ctx.lineTo(x(p.fpr), y(p.tpr)) : ctx.moveTo(x(p.fpr), y(p.tpr))));
  ctx.stroke();
  if (at) {
    ctx.fillStyle = THRESHOLD_INK;
    ctx.beginPath();
    ctx.arc(x(at.fpr), y(at.tpr), 4, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = '#333';
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('known wrongly rejected →', x(0.5), M.top + h + 4);
  ctx.save();
  ctx.translate(M.left - 6, y(0.5));
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'bottom';
  ctx.fillText('unknown rejected →', 0, 0);
  ctx.restore();
}
