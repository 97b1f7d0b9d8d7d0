/** The scatter export as one image: a header with the step, the panels side by side under their titles, and the class legend. */
import { classShape, markPath } from './classMarks';
import { classColor } from './colors';
import { drawHeldOutMarker } from './scatterDraw';

export interface SheetPanel {
  image: CanvasImageSource;
  /** The size to draw the image at, CSS px. */
  width: number;
  height: number;
  /** e.g. "Softmax only (λ = 0)"; empty for none. */
  title: string;
  /** A line under the title, e.g. "features 13× smaller than softmax only". */
  note?: string;
}

export interface SheetInfo {
  step: number;
  heldOut: number | null;
  /** A second, smaller header line, e.g. the preset and seed. */
  subtitle?: string;
  /** Panels per row; all in one row when absent. */
  columns?: number;
  /** The dataset's class names, in label order; MNIST's digits when absent. */
  classNames?: readonly string[];
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface SheetSize {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

const PAD = 16;
const GAP = 16;
const HEADER = 32;
const SUBTITLE = 22;
const TITLE = 26;
const PANEL_NOTE = 20;
const LEGEND = 36;
const SLOT = 46;
const NOTE = 280;
const FONT = 'system-ui, sans-serif';

export interface SheetLayout {
  width: number;
  height: number;
  /** Top-left corner of each panel's image, and the baseline of its title. */
  panels: { x: number; y: number; titleY: number }[];
  /** Baseline of the first row's titles. */
  titleY: number;
  /** Vertical middle of the (first) legend row. */
  legendY: number;
  /** Each class's legend slot (its marker's middle), and the held-out note's start, in rows that wrap at the sheet's width. */
  legend: { k: number; x: number; y: number }[];
  note: { x: number; y: number } | null;
}

type LayoutPanel = { width: number; height: number; title: string; note?: string };

/** Where everything goes, CSS px: shared by sheetSize and drawExportSheet so the canvas always fits the drawing. */
/** A slot's width: a one-character name keeps MNIST's 46 px, longer names about 8.5 px a character at 16 px. */
const slotWidth = (name: string): number => (name.length <= 1 ? SLOT : 34 + Math.ceil(name.length * 8.5));

/** The legend's slots flowed into rows no wider than `width` (when it is wider than one slot), the held-out note last. */
function legendRows(names: readonly string[], heldOut: number | null, x0: number, width: number, top: number): Pick<SheetLayout, 'legend' | 'note' | 'legendY'> & { bottom: number; right: number } {
  const legend: SheetLayout['legend'] = [];
  let x = 0, row = 0, right = 0;
  const place = (w: number) => {
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    const at = { x: x0 + x, y: top + row * LEGEND + LEGEND / 2 };
    x += w;
    right = Math.max(right, x);
    return at;
  };
  names.forEach((name, k) => {
    const at = place(slotWidth(name));
    legend.push({ k, x: at.x + 7, y: at.y });
  });
  const note = heldOut !== null ? place(NOTE) : null;
  return { legend, note: note && { x: note.x + 4, y: note.y }, legendY: top + LEGEND / 2, bottom: top + (row + 1) * LEGEND, right };
}

export function sheetLayout(panels: ReadonlyArray<LayoutPanel>, info: Pick<SheetInfo, 'heldOut' | 'subtitle' | 'columns' | 'classNames'>): SheetLayout {
  const top = PAD + HEADER + (info.subtitle ? SUBTITLE : 0);
  const titleH = (panels.some((p) => p.title) ? TITLE : 0) + (panels.some((p) => p.note) ? PANEL_NOTE : 0);
  const columns = Math.max(1, Math.min(panels.length, info.columns ?? panels.length));
  const rows = Math.ceil(panels.length / columns);
  const out: { x: number; y: number; titleY: number }[] = [];
  let y = top;
  let panelsW = 0;
  for (let r = 0; r < rows; r++) {
    const row = panels.slice(r * columns, (r + 1) * columns);
    const rowH = Math.max(0, ...row.map((p) => p.height));
    let x = PAD;
    for (const p of row) {
      out.push({ x, y: y + titleH, titleY: y + TITLE - 7 });
      x += p.width + GAP;
    }
    panelsW = Math.max(panelsW, x - GAP - PAD);
    y += titleH + rowH + (r < rows - 1 ? GAP : 0);
  }
  const names = info.classNames ?? DIGITS;
  // Ten digits and the note in one row as ever; longer names wrap at the panels' width.
  const oneRow = names.reduce((w, n) => w + slotWidth(n), 0) + (info.heldOut !== null ? NOTE : 0);
  const l = legendRows(names, info.heldOut, PAD, names.every((n) => n.length <= 1) ? Math.max(oneRow, panelsW) : Math.max(panelsW, 400), y + GAP / 2);
  return { width: Math.ceil(2 * PAD + Math.max(panelsW, l.right)), height: Math.ceil(l.bottom + PAD / 2), panels: out, titleY: top + TITLE - 7, legendY: l.legendY, legend: l.legend, note: l.note };
}

/** The sheet's size in CSS px; multiply by the dpr for the canvas. */
export function sheetSize(panels: ReadonlyArray<LayoutPanel>, info: Pick<SheetInfo, 'heldOut' | 'subtitle' | 'columns' | 'classNames'>): { width: number; height: number } {
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
  ctx.font = `bold 22px ${FONT}`;
  ctx.fillText(`Center Loss Lab · step ${info.step}`, PAD, PAD + 22);
  if (info.subtitle) {
    ctx.fillStyle = '#333';
    ctx.font = `16px ${FONT}`;
    ctx.fillText(info.subtitle, PAD, PAD + HEADER + 16);
  }
  panels.forEach((p, i) => {
    const at = l.panels[i]!;
    if (p.title) {
      ctx.fillStyle = '#111';
      ctx.font = `bold 18px ${FONT}`;
      // Narrow panels squeeze a long title rather than run it into the next one.
      ctx.fillText(p.title, at.x, at.titleY, p.width);
    }
    if (p.note) {
      ctx.fillStyle = '#222';
      ctx.font = `15px ${FONT}`;
      ctx.fillText(p.note, at.x, at.titleY + PANEL_NOTE, p.width);
    }
    ctx.drawImage(p.image, at.x, at.y, p.width, p.height);
    ctx.strokeStyle = '#ddd';
    ctx.lineWidth = 1;
    ctx.strokeRect(at.x - 0.5, at.y - 0.5, p.width + 1, p.height + 1);
  });
  drawLegend(ctx, l, info.classNames ?? DIGITS, info.heldOut);
}

/** One slot a class, its marker (or the held-out ×) then its name, and a note naming the held-out class. */
function drawLegend(ctx: CanvasRenderingContext2D, l: SheetLayout, names: readonly string[], heldOut: number | null): void {
  ctx.font = `16px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const { k, x, y } of l.legend) {
    if (k === heldOut) drawHeldOutMarker(ctx, x, y, 16);
    else {
      ctx.beginPath();
      markPath(ctx, classShape(k), x, y, 8);
      ctx.fillStyle = classColor(k);
      ctx.fill();
    }
    ctx.fillStyle = '#111';
    ctx.fillText(names[k] ?? String(k), x + 13, y);
  }
  if (heldOut !== null && l.note) {
    ctx.fillStyle = '#333';
    const name = names[heldOut] ?? String(heldOut);
    ctx.fillText(`× ${/^\d$/.test(name) ? `digit ${name}` : name}: held out of training`, l.note.x, l.note.y);
  }
}
