/** The scatter export as one image: a header with the step, the panels side by side under their titles, and the class legend. */
import { CLASS_COLORS, classColor } from './colors';
import { drawHeldOutMarker } from './scatterDraw';

export interface SheetPanel {
  image: CanvasImageSource;
  /** The size to draw the image at, CSS px. */
  width: number;
  height: number;
  /** e.g. "Softmax only (λ = 0)"; empty for none. */
  title: string;
}

export interface SheetInfo {
  step: number;
  heldOut: number | null;
  /** A second, smaller header line, e.g. the preset and seed. */
  subtitle?: string;
}

export interface SheetSize {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

const PAD = 16;
const GAP = 16;
const HEADER = 28;
const SUBTITLE = 20;
const TITLE = 24;
const LEGEND = 32;
const SLOT = 40;
const NOTE = 220;
const FONT = 'system-ui, sans-serif';

export interface SheetLayout {
  width: number;
  height: number;
  /** Top-left corner of each panel's image. */
  panels: { x: number; y: number }[];
  /** Baseline of the panel titles. */
  titleY: number;
  /** Vertical middle of the legend row. */
  legendY: number;
}

/** Where everything goes, CSS px: shared by sheetSize and drawExportSheet so the canvas always fits the drawing. */
export function sheetLayout(panels: ReadonlyArray<{ width: number; height: number; title: string }>, info: Pick<SheetInfo, 'heldOut' | 'subtitle'>): SheetLayout {
  const top = PAD + HEADER + (info.subtitle ? SUBTITLE : 0);
  const titleH = panels.some((p) => p.title) ? TITLE : 0;
  const rowH = Math.max(0, ...panels.map((p) => p.height));
  const out: { x: number; y: number }[] = [];
  let x = PAD;
  for (const p of panels) {
    out.push({ x, y: top + titleH });
    x += p.width + GAP;
  }
  const panelsW = panels.length ? x - GAP - PAD : 0;
  const legendW = CLASS_COLORS.length * SLOT + (info.heldOut !== null ? NOTE : 0);
  const legendTop = top + titleH + rowH + GAP / 2;
  return { width: Math.ceil(2 * PAD + Math.max(panelsW, legendW)), height: Math.ceil(legendTop + LEGEND + PAD / 2), panels: out, titleY: top + titleH - 7, legendY: legendTop + LEGEND / 2 };
}

/** The sheet's size in CSS px; multiply by the dpr for the canvas. */
export function sheetSize(panels: ReadonlyArray<{ width: number; height: number; title: string }>, info: Pick<SheetInfo, 'heldOut' | 'subtitle'>): { width: number; height: number } {
  const l = sheetLayout(panels, info);
  return { width: l.width, height: l.height };
}

export function drawExportSheet(ctx: CanvasRenderingContext2D, panels: readonly SheetPanel[], info: SheetInfo, size: SheetSize): void {
  const l = sheetLayout(panels, info);
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#111';
  ctx.font = `bold 18px ${FONT}`;
  ctx.fillText(`Center Loss Lab · step ${info.step}`, PAD, PAD + 18);
  if (info.subtitle) {
    ctx.fillStyle = '#555';
    ctx.font = `13px ${FONT}`;
    ctx.fillText(info.subtitle, PAD, PAD + HEADER + 14);
  }
  panels.forEach((p, i) => {
    const at = l.panels[i]!;
    if (p.title) {
      ctx.fillStyle = '#111';
      ctx.font = `bold 14px ${FONT}`;
      // Narrow panels squeeze a long title rather than run it into the next one.
      ctx.fillText(p.title, at.x, l.titleY, p.width);
    }
    ctx.drawImage(p.image, at.x, at.y, p.width, p.height);
    ctx.strokeStyle = '#ddd';
    ctx.lineWidth = 1;
    ctx.strokeRect(at.x - 0.5, at.y - 0.5, p.width + 1, p.height + 1);
  });
  drawLegend(ctx, info.heldOut, PAD, l.legendY);
}

/** Ten slots, a dot (or the held-out ×) then the digit, and a note naming the held-out digit. */
function drawLegend(ctx: CanvasRenderingContext2D, heldOut: number | null, x0: number, y: number): void {
  ctx.font = `13px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let k = 0; k < CLASS_COLORS.length; k++) {
    const x = x0 + k * SLOT + 7;
    if (k === heldOut) drawHeldOutMarker(ctx, x, y, 14);
    else {
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.fillStyle = classColor(k);
      ctx.fill();
    }
    ctx.fillStyle = '#111';
    ctx.fillText(String(k), x + 11, y);
  }
  if (heldOut !== null) {
    ctx.fillStyle = '#555';
    ctx.fillText(`× digit ${heldOut}: held out of training`, x0 + CLASS_COLORS.length * SLOT + 4, y);
  }
}

/** The sheet as a new canvas at the panels' own resolution (DOM side: reads each canvas's CSS size). */
export function composeSheet(panels: ReadonlyArray<{ canvas: HTMLCanvasElement; title: string }>, info: SheetInfo): HTMLCanvasElement {
  const items = panels.map(({ canvas, title }) => ({ image: canvas, width: canvas.clientWidth || canvas.width, height: canvas.clientHeight || canvas.height, title }));
  const dpr = Math.max(1, ...items.map((p) => p.image.width / p.width));
  const { width, height } = sheetSize(items, info);
  const out = document.createElement('canvas');
  out.width = Math.round(width * dpr);
  out.height = Math.round(height * dpr);
  drawExportSheet(out.getContext('2d')!, items, info, { width, height, dpr });
  return out;
}
