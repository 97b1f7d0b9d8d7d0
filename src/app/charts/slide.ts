/** One 16:9 slide of the scatters, the composition shared by the PNG, the GIF and the WebM: titles, each run's spread, the step and the legend. */
import * as d3 from 'd3';
import type { Snapshot } from '../store/embedding';
import { drawEdgeAxes } from './axesDraw';
import { discLabels } from './classMarks';
import { drawExportSheet, sheetLayout, type SheetInfo } from './exportSheet';
import { drawInsetFrame, drawScaleBar, insetRect, insetZoom, padDomain, panelStyle, shrunkStyle } from './panelFrame';
import { FITTED_ORBIT, type Orbit } from './orbit';
import { drawAxisKey } from './orbitDraw';
import { DEFAULT_SCATTER_STYLE, drawScatter } from './scatterDraw';
import { fillDomain, relativeSpread, slideColumns, spreadOf, unionDomain, type Domain } from './spread';
import { viewColumns } from './viewColumns';

/** A 16:9 slide, CSS px; the PNG draws it at 1.5 device pixels each (1920 × 1080). */
export const SLIDE = { width: 1280, height: 720 } as const;
const AXIS_PX = 14;

export interface SlideRun {
  title: string;
  /** Short name for the spread note, e.g. "softmax only". */
  name: string;
  snap: Snapshot;
  trail: Float32Array[];
  labels: Uint8Array;
}

export interface SlideInfo {
  heldOut: number | null;
  subtitle: string;
  /** One domain for every panel (the app's "Same scale"); off, each panel fits its own run, as in the paper's Fig. 3. */
  sameScale: boolean;
  /** Values per feature (absent: 2); a 3-D slide shows the view turned by `orbit` (absent: the fitted one). */
  dim?: number;
  orbit?: Orbit;
  /** The dataset's class names (the legend and the discs); MNIST's digits when absent. */
  classNames?: readonly string[];
}

/** Panel size so that the sheet (header, titles, panels, legend) is exactly the slide: two rows past three runs. */
export function slidePanelSize(runs: number, info: Pick<SheetInfo, 'heldOut' | 'subtitle' | 'classNames'>): { width: number; height: number; columns: number } {
  const columns = slideColumns(runs);
  const rows = Math.ceil(runs / columns);
  const width = Math.floor((SLIDE.width - 32 - 16 * (columns - 1)) / columns);
  const probe = Array.from({ length: runs }, () => ({ width, height: 0, title: 'x', note: runs > 1 ? 'x' : '' }));
  const chrome = sheetLayout(probe, { ...info, columns }).height;
  return { width, height: Math.floor((SLIDE.height - chrome) / rows), columns };
}

/** Draws the slide onto `out` at `scale` device pixels per CSS pixel, using one scratch canvas per run. */
export function drawSlide(out: HTMLCanvasElement, scratch: HTMLCanvasElement[], runs: readonly SlideRun[], info: SlideInfo, scale = 1): void {
  const size = slidePanelSize(runs.length, info);
  const dim = info.dim ?? 2;
  const orbit = info.orbit ?? FITTED_ORBIT;
  const views = runs.map((r) =>
    viewColumns({ dim, fitTo: r.snap, features: r.snap.features, centers: r.snap.centers, labels: r.labels, trail: r.trail, isolated: null, heldOut: info.heldOut, probe: null, orbit, ...(info.classNames ? { discLabels: discLabels(info.classNames) } : {}) }),
  );
  const own = views.map((v) => v.own);
  const shared = info.sameScale && runs.length > 1 ? unionDomain(own) : null;
  const spreads = runs.map((r) => spreadOf(r.snap.features, dim));
  const margin = dim === 3 ? { left: 8, bottom: 8, top: 8, right: 8 } : { left: Math.round(AXIS_PX * 3.6), bottom: Math.round(AXIS_PX * 2.4), top: 8, right: 8 };
  const w = size.width - margin.left - margin.right, h = size.height - margin.top - margin.bottom;
  const view = { left: margin.left, top: margin.top, width: w, height: h };
  const style = panelStyle(DEFAULT_SCATTER_STYLE, w, h);
  runs.forEach((r, k) => {
    const c = scratch[k]!;
    c.width = Math.round(size.width * scale);
    c.height = Math.round(size.height * scale);
    const ctx = c.getContext('2d')!;
    const [fx, fy] = padDomain(fillDomain(shared ?? own[k]!, w, h), w, h, style.centerRadius + 2);
    const x = d3.scaleLinear().domain(fx).range([margin.left, margin.left + w]);
    const y = d3.scaleLinear().domain(fy).range([margin.top + h, margin.top]);
    const cols = views[k]!.cols;
    const dims = { width: size.width, height: size.height, dpr: scale };
    const magnify = shared ? insetZoom(own[k]!, shared) : null;
    drawScatter(ctx, cols, { x, y }, dims, { plot: view, style: magnify === null ? style : shrunkStyle(style, magnify) });
    if (magnify !== null) drawInset(ctx, cols, own[k]!, view, dims, magnify);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    drawScaleBar(ctx, Math.abs(x.invert(1) - x.invert(0)), view, AXIS_PX);
    if (dim === 3) drawAxisKey(ctx, orbit, view, AXIS_PX);
    else drawEdgeAxes(ctx, x, y, { ...dims, margin }, AXIS_PX);
  });
  out.width = Math.round(SLIDE.width * scale);
  out.height = Math.round(SLIDE.height * scale);
  const sheet = runs.map((r, k) => ({ image: scratch[k]!, width: size.width, height: size.height, title: r.title, note: spreadNote(spreads, k, runs) }));
  drawExportSheet(out.getContext('2d')!, sheet, { step: runs[0]!.snap.step, heldOut: info.heldOut, subtitle: info.subtitle, columns: size.columns, ...(info.classNames ? { classNames: info.classNames } : {}) }, { ...SLIDE, dpr: scale });
}

/** As in the app: against the first run, and for a pair the first against the second too. */
function spreadNote(spreads: number[], k: number, runs: readonly SlideRun[]): string {
  if (runs.length < 2) return '';
  const note = k > 0 ? relativeSpread(spreads[k]!, spreads[0]!, runs[0]!.name) : runs.length === 2 ? relativeSpread(spreads[0]!, spreads[1]!, runs[1]!.name) : null;
  return note ?? '';
}

function drawInset(ctx: CanvasRenderingContext2D, cols: Parameters<typeof drawScatter>[1], own: Domain, view: ReturnType<typeof insetRect>, dims: { width: number; height: number; dpr: number }, magnify: number): void {
  const r = insetRect(view);
  const st = panelStyle(DEFAULT_SCATTER_STYLE, r.width, r.height);
  const [ix, iy] = padDomain(fillDomain(own, r.width, r.height), r.width, r.height, st.centerRadius + 2);
  const sx = d3.scaleLinear().domain(ix).range([r.left, r.left + r.width]);
  const sy = d3.scaleLinear().domain(iy).range([r.top + r.height, r.top]);
  drawScatter(ctx, { ...cols, trail: [] }, { x: sx, y: sy }, dims, { plot: r, style: st, overlay: true });
  drawInsetFrame(ctx, r, magnify, 13);
}
