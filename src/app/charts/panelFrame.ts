/** What frames one scatter panel: marks sized to the panel, room for them at the edges, a scale bar, and the inset a shrunken run gets at a shared scale. */
import type { Domain } from './spread';
import type { PlotRect, ScatterStyle } from './scatterTypes';

/** Center discs and labels follow the panel: at most the style's size, about 4.5% of the plot's shorter side, never below a readable digit. */
export function panelStyle(base: Readonly<ScatterStyle>, plotWidth: number, plotHeight: number): ScatterStyle {
  const side = Math.min(plotWidth, plotHeight);
  const R = Math.min(base.centerRadius, Math.max(8, side * 0.045));
  const k = R / base.centerRadius;
  return { ...base, centerRadius: R, labelPx: Math.max(11, Math.round(base.labelPx * k)) };
}

/** Widens a domain drawn on width × height px so that pad px stay free at every edge: a disc on the outermost center is not cut. */
export function padDomain([[x0, x1], [y0, y1]]: Domain, width: number, height: number, pad: number): Domain {
  const fx = width > 2 * pad ? pad / (width - 2 * pad) : 0;
  const fy = height > 2 * pad ? pad / (height - 2 * pad) : 0;
  const dx = (x1 - x0) * fx, dy = (y1 - y0) * fy;
  return [[x0 - dx, x1 + dx], [y0 - dy, y1 + dy]];
}

/** A round length (1, 2 or 5 × 10^n) near `raw`. */
export function niceLength(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

const fmt = (v: number) => (v >= 1 ? String(+v.toPrecision(3)) : String(+v.toPrecision(2)));

/**
 * A scale bar in the plot's bottom-right corner: a round length about a fifth of the plot wide, labelled in feature units.
 * Side by side, two panels' bars ("50" against "2") say how much larger one cloud is. Returns the length, data units.
 */
export function drawScaleBar(ctx: CanvasRenderingContext2D, unitsPerPx: number, view: PlotRect, fontPx: number): number {
  const len = niceLength(unitsPerPx * view.width * 0.2);
  const px = len / unitsPerPx;
  const label = `${fmt(len)} ${len === 1 ? 'unit' : 'units'}`;
  ctx.save();
  ctx.font = `${fontPx}px system-ui, sans-serif`;
  const textW = ctx.measureText(label).width;
  const boxW = Math.max(px, textW) + 12, boxH = fontPx + 18;
  const bx = view.left + view.width - boxW - 4, by = view.top + view.height - boxH - 4;
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = '#fff';
  ctx.fillRect(bx, by, boxW, boxH);
  ctx.globalAlpha = 1;
  const x1 = bx + boxW - 6, x0 = x1 - px, yb = by + boxH - 7;
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x0, yb - 5);
  ctx.lineTo(x0, yb);
  ctx.lineTo(x1, yb);
  ctx.lineTo(x1, yb - 5);
  ctx.stroke();
  ctx.fillStyle = '#111';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(label, x1, yb - 4);
  ctx.restore();
  return len;
}

/** Below this share of the shared domain's side, a run's own cloud is too small to read: it gets an inset. */
export const INSET_BELOW = 0.35;

/** How many times the inset magnifies, or null when the run's own domain is large enough at the shared scale. */
export function insetZoom(own: Domain, shared: Domain): number | null {
  const o = Math.max(own[0][1] - own[0][0], own[1][1] - own[1][0]);
  const s = Math.max(shared[0][1] - shared[0][0], shared[1][1] - shared[1][0]);
  if (!(o > 0) || !(s > 0) || o / s >= INSET_BELOW) return null;
  return s / o;
}

/** At a shared scale beside its inset, the shrunken run's centers shrink with it to plain dots, so they do not pile over its few pixels of points. */
export function shrunkStyle(style: ScatterStyle, magnify: number): ScatterStyle {
  return { ...style, centerRadius: Math.max(3, Math.min(style.centerRadius, (style.centerRadius * 2) / magnify)) };
}

/** The inset: a square in the plot's top-right corner, 45% of its shorter side (the small cloud sits near the middle). */
export function insetRect(view: PlotRect): PlotRect {
  const side = Math.round(Math.min(view.width, view.height) * 0.45);
  return { left: view.left + view.width - side - 6, top: view.top + 6, width: side, height: side };
}

/** The inset's frame and its "×N" label, drawn after its points. */
export function drawInsetFrame(ctx: CanvasRenderingContext2D, r: PlotRect, zoom: number, fontPx: number): void {
  ctx.save();
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  ctx.strokeRect(r.left, r.top, r.width, r.height);
  const label = `zoomed ×${zoom >= 10 ? zoom.toFixed(0) : zoom.toFixed(1)}`;
  ctx.font = `bold ${fontPx}px system-ui, sans-serif`;
  const w = ctx.measureText(label).width + 8;
  ctx.fillStyle = '#111';
  ctx.fillRect(r.left, r.top + r.height, w, fontPx + 6);
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(label, r.left + 4, r.top + r.height + 3);
  ctx.restore();
}
