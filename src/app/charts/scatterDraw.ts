/** Pure canvas drawing of the embedding: points by class, centers with fading trails, clipped to the plot. No DOM reads, no React. */
import { CALLOUT_DOT, centerLayout, MIN_LABELLED, type CenterMark } from './centerLayout';
import { classShape, markPath } from './classMarks';
import { classColor, classInk, HELD_OUT_HALO, HELD_OUT_INK } from './colors';
import type { PlotRect, ScatterScales, ScatterStyle } from './scatterTypes';

export type { PlotRect, ScatterScales, ScatterStyle } from './scatterTypes';

export interface ScatterColumns {
  /** Interpolated 2-D positions, n × 2. */
  xy: Float32Array;
  labels: Uint8Array;
  /** The centers as drawn now (interpolated), k × 2. */
  centers: Float32Array | null;
  /** Recent center snapshots, oldest first; the last is the one `centers` is moving to, so the tail ends at the disc. */
  trail: Float32Array[];
  /** null: every class; else only this class is drawn strongly. */
  isolated: number | null;
  /** A class held out of training: its points are × markers, and its (untrained) center is not drawn. */
  heldOut: number | null;
  /** What each center's disc says (classMarks' discLabels); default the class index. Its length is the number of classes. */
  discLabels?: readonly string[];
}

/** The classes drawn: the disc labels', else the centers', else MNIST's ten. */
export const classCountOf = (cols: Pick<ScatterColumns, 'discLabels' | 'centers'>): number => cols.discLabels?.length ?? (cols.centers ? cols.centers.length / 2 : 10);

export interface Size {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

export interface ScatterOptions {
  /** When given, everything is clipped to it and points outside it are skipped (the axes are drawn afterwards, outside). */
  plot?: PlotRect;
  style?: ScatterStyle;
  /** The open-set threshold as a ring of this radius (CSS px) around every trained center. */
  ringRadius?: number;
  /** The open-set threshold by angle (2-D): the directions rejected as unknown, [from, to] in radians, shaded from the origin. */
  rejected?: ReadonlyArray<readonly [number, number]>;
  /** A drawn digit's feature (data units), marked on top of everything. */
  probe?: { x: number; y: number };
  /** Draw over what is there (an inset): no clear, and the plot filled white first. */
  overlay?: boolean;
  /** The centers laid out already (centerLayout with the same columns, scales, plot and style), by a caller that needs them too. */
  marks?: readonly CenterMark[];
}

export const DEFAULT_SCATTER_STYLE: Readonly<ScatterStyle> = { pointRadius: 2.6, densePointRadius: 1.7, centerRadius: 12, labelPx: 14 };
/** For a projector: dots at least 5 px across even when dense, and 24 px digits on the centers. */
export const PRESENTATION_SCATTER_STYLE: Readonly<ScatterStyle> = { pointRadius: 3.2, densePointRadius: 2.6, centerRadius: 20, labelPx: 24 };

/** Past this many points, squares: arcs cost about 3× more to fill. */
export const DENSE_POINTS = 3000;
/** A trail segment longer than this fraction of the plot's shorter side is a jump (a reset, a load), not movement. */
export const TRAIL_MAX_JUMP = 0.4;

/** Centers that move: a held-out class never trains, so its center stays where it was initialised. */
export function trainedCenterCount(numClasses: number, heldOut: number | null): number {
  return heldOut !== null && heldOut >= 0 && heldOut < numClasses ? numClasses - 1 : numClasses;
}

/** Draws and returns the number of points drawn. */
export function drawScatter(ctx: CanvasRenderingContext2D, cols: ScatterColumns, scales: ScatterScales, size: Size, opts: ScatterOptions = {}): number {
  const style = opts.style ?? DEFAULT_SCATTER_STYLE;
  const view = opts.plot ?? { left: 0, top: 0, width: size.width, height: size.height };
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  if (opts.overlay) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(view.left, view.top, view.width, view.height);
  } else ctx.clearRect(0, 0, size.width, size.height);
  ctx.save();
  if (opts.plot) {
    ctx.beginPath();
    ctx.rect(view.left, view.top, view.width, view.height);
    ctx.clip();
  }
  if (opts.rejected?.length) drawRejected(ctx, opts.rejected, scales, view);
  const drawn = drawPoints(ctx, cols, scales, view, style);
  if (cols.centers && opts.ringRadius !== undefined && opts.ringRadius > 0) drawRings(ctx, cols, cols.centers, scales, opts.ringRadius);
  if (cols.centers) drawCenters(ctx, cols, opts.marks ?? centerLayout(cols, cols.centers, scales, view, style), cols.centers, scales, view, style);
  if (opts.probe) drawProbe(ctx, scales.x(opts.probe.x), scales.y(opts.probe.y), style.centerRadius);
  ctx.restore();
  return drawn;
}

function drawPoints(ctx: CanvasRenderingContext2D, cols: ScatterColumns, scales: ScatterScales, view: PlotRect, style: ScatterStyle): number {
  const n = cols.labels.length;
  const dense = n > DENSE_POINTS;
  const r = dense ? (style.densePointRadius ?? style.pointRadius) : style.pointRadius;
  const arm = heldOutArm(r);
  const x0 = view.left, y0 = view.top, x1 = view.left + view.width, y1 = view.top + view.height;
  // The held-out class last, so its markers stay visible on top of the clusters they fall into.
  const numClasses = classCountOf(cols);
  const order = Array.from({ length: numClasses }, (_, k) => k).filter((k) => k !== cols.heldOut);
  if (cols.heldOut !== null && cols.heldOut >= 0 && cols.heldOut < numClasses) order.push(cols.heldOut);
  let drawn = 0;
  // One path per class: a fill per class instead of n.
  for (const k of order) {
    const heldOut = k === cols.heldOut;
    const shape = classShape(k);
    const pad = heldOut ? arm + 2 : r;
    const dim = cols.isolated !== null && cols.isolated !== k;
    ctx.globalAlpha = dim ? 0.06 : heldOut ? 0.9 : 0.7;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (cols.labels[i] !== k) continue;
      const px = scales.x(cols.xy[2 * i]!);
      const py = scales.y(cols.xy[2 * i + 1]!);
      if (!(px >= x0 - pad && py >= y0 - pad && px <= x1 + pad && py <= y1 + pad)) continue;
      if (heldOut) crossPath(ctx, px, py, arm);
      else if (shape !== 'circle') markPath(ctx, shape, px, py, r);
      else if (dense) ctx.rect(px - r, py - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      }
      drawn++;
    }
    if (heldOut) strokeHeldOut(ctx, arm);
    else {
      ctx.fillStyle = classColor(k);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  return drawn;
}

function drawCenters(ctx: CanvasRenderingContext2D, cols: ScatterColumns, marks: readonly CenterMark[], c: Float32Array, scales: ScatterScales, view: PlotRect, style: ScatterStyle): void {
  const maxJump = TRAIL_MAX_JUMP * Math.min(view.width, view.height);
  // Every trail first, so no disc is crossed by another class's tail.
  for (const m of marks) drawTrail(ctx, cols.trail, c, m.k, scales, maxJump, style);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // A called-out center: a dot on the center and a thin leader to its numbered disc, so the cluster stays visible.
  for (const m of marks) {
    if (m.kind !== 'callout') continue;
    ctx.beginPath();
    ctx.moveTo(m.x, m.y);
    ctx.lineTo(m.badge.x, m.badge.y);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#111';
    ctx.globalAlpha = 0.7;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(m.x, m.y, CALLOUT_DOT, 0, 2 * Math.PI);
    ctx.fillStyle = '#111';
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
  }
  for (const m of marks) {
    const { x: px, y: py, r: R } = m.badge;
    const text = cols.discLabels?.[m.k] ?? String(m.k);
    // Two- and three-letter names shrink to fit the disc.
    const fit = text.length <= 1 ? 1 : text.length === 2 ? 0.78 : 0.6;
    const labelPx = fit * (m.kind === 'disc' ? style.labelPx : Math.max(11, style.labelPx * (R / style.centerRadius)));
    ctx.font = `bold ${labelPx}px system-ui, sans-serif`;
    ctx.beginPath();
    ctx.arc(px, py, R, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(m.k);
    ctx.fill();
    ctx.lineWidth = Math.max(2.5, R * 0.2);
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.lineWidth = Math.max(1, R * 0.08);
    ctx.strokeStyle = '#111';
    ctx.stroke();
    if (R < MIN_LABELLED) continue;
    ctx.fillStyle = classInk(m.k);
    ctx.fillText(text, px, py + labelPx * 0.04);
  }
}

export const RING_INK = '#333';
export const PROBE_INK = '#e8003d';

/** Dashed circles: inside, a digit is taken for that class; outside every one, it is rejected as unknown. */
function drawRings(ctx: CanvasRenderingContext2D, cols: ScatterColumns, c: Float32Array, scales: ScatterScales, radius: number): void {
  ctx.strokeStyle = RING_INK;
  ctx.lineWidth = 1.5;
  ctx.globalAlpha = 0.8;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  for (let j = 0; j < c.length / 2; j++) {
    if (j === cols.heldOut) continue;
    const px = scales.x(c[2 * j]!), py = scales.y(c[2 * j + 1]!);
    ctx.moveTo(px + radius, py);
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** Sectors from the origin, out past the plot's corners: a digit pointing there is farther than the threshold from every known class's ray. */
function drawRejected(ctx: CanvasRenderingContext2D, sectors: ReadonlyArray<readonly [number, number]>, scales: ScatterScales, view: PlotRect): void {
  const ox = scales.x(0), oy = scales.y(0);
  const sx = scales.x(1) - ox, sy = scales.y(1) - oy;
  const reach = Math.max(...[view.left, view.left + view.width].flatMap((cx) => [view.top, view.top + view.height].map((cy) => Math.hypot(cx - ox, cy - oy))));
  const r = (1.1 * reach) / Math.max(1e-9, Math.min(Math.abs(sx), Math.abs(sy)));
  const at = (a: number): [number, number] => [ox + sx * r * Math.cos(a), oy + sy * r * Math.sin(a)];
  ctx.beginPath();
  for (const [from, to] of sectors) {
    const steps = Math.max(2, Math.ceil((to - from) / (Math.PI / 36)));
    ctx.moveTo(ox, oy);
    for (let k = 0; k <= steps; k++) ctx.lineTo(...at(from + ((to - from) * k) / steps));
    ctx.closePath();
  }
  ctx.fillStyle = RING_INK;
  ctx.globalAlpha = 0.07;
  ctx.fill();
  ctx.globalAlpha = 0.8;
  ctx.strokeStyle = RING_INK;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  // The edges only: where the threshold lies, as the rings' dashes do.
  for (const [from, to] of sectors)
    for (const a of [from, to]) {
      ctx.moveTo(ox, oy);
      ctx.lineTo(...at(a));
    }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** The drawn digit: a red star on a white halo, unlike any point or center. */
function drawProbe(ctx: CanvasRenderingContext2D, x: number, y: number, centerRadius: number): void {
  const R = Math.max(9, centerRadius * 0.9), r = R * 0.45;
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const d = i % 2 ? r : R;
    if (i) ctx.lineTo(x + d * Math.cos(a), y + d * Math.sin(a));
    else ctx.moveTo(x + d * Math.cos(a), y + d * Math.sin(a));
  }
  ctx.closePath();
  ctx.lineWidth = 4;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  ctx.fillStyle = PROBE_INK;
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#111';
  ctx.stroke();
}

/** A trail's fade in this many steps: a stroke each, not one per segment (every stroke is a raster pass at the commit, on the training's cores). */
export const TRAIL_TIERS = 3;

/** A fading tail, the newest part strongest, so the path from the random start soon disappears: one polyline per tier of the fade. */
function drawTrail(ctx: CanvasRenderingContext2D, trail: Float32Array[], c: Float32Array, k: number, scales: ScatterScales, maxJump: number, style: ScatterStyle): void {
  const segments = trail.length - 1;
  if (segments < 1) return;
  const width = Math.max(2, style.centerRadius / 5);
  ctx.strokeStyle = classColor(k);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  let ax = scales.x(trail[0]![2 * k]!);
  let ay = scales.y(trail[0]![2 * k + 1]!);
  let tier = 0;
  let open = false;
  const finish = () => {
    if (!open) return;
    const strength = tier / TRAIL_TIERS;
    ctx.globalAlpha = 0.75 * strength;
    ctx.lineWidth = width * (0.5 + 0.5 * strength);
    ctx.stroke();
    open = false;
  };
  for (let s = 1; s <= segments; s++) {
    // The last snapshot is where the disc is heading: end the tail at the disc instead, so it never runs ahead of it.
    const to = s === segments ? c : trail[s]!;
    const bx = scales.x(to[2 * k]!);
    const by = scales.y(to[2 * k + 1]!);
    const t = Math.ceil((s * TRAIL_TIERS) / segments);
    if (t !== tier) {
      finish();
      tier = t;
    }
    if (Math.hypot(bx - ax, by - ay) <= maxJump) {
      if (!open) {
        ctx.beginPath();
        ctx.moveTo(ax, ay);
        open = true;
      }
      ctx.lineTo(bx, by);
    } else finish();
    ax = bx;
    ay = by;
  }
  finish();
  ctx.globalAlpha = 1;
  ctx.lineCap = 'butt';
  ctx.lineJoin = 'miter';
}

/** Half the × of a held-out point whose class mates would be discs of radius r. */
const heldOutArm = (r: number) => r * 1.3;

function crossPath(ctx: CanvasRenderingContext2D, x: number, y: number, arm: number): void {
  ctx.moveTo(x - arm, y - arm);
  ctx.lineTo(x + arm, y + arm);
  ctx.moveTo(x + arm, y - arm);
  ctx.lineTo(x - arm, y + arm);
}

/** The halo first, for the whole path, so one arm's halo never cuts through another's ink. */
function strokeHeldOut(ctx: CanvasRenderingContext2D, arm: number): void {
  const ink = Math.max(1.2, arm * 0.42);
  ctx.lineCap = 'round';
  ctx.lineWidth = ink + 2;
  ctx.strokeStyle = HELD_OUT_HALO;
  ctx.stroke();
  ctx.lineWidth = ink;
  ctx.strokeStyle = HELD_OUT_INK;
  ctx.stroke();
  ctx.lineCap = 'butt';
}

/** The held-out marker, for a legend: a × that fits a size × size box centred on (x, y). */
export function drawHeldOutMarker(ctx: CanvasRenderingContext2D, x: number, y: number, size: number): void {
  // A round-capped halo of width 0.42·arm + 2 reaches arm + 0.21·arm + 1 from the centre along each axis.
  const arm = Math.max(1, (size / 2 - 1) / 1.21);
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  crossPath(ctx, x, y, arm);
  strokeHeldOut(ctx, arm);
  ctx.restore();
}

/** Linear interpolation between two snapshots, t in [0, 1]. */
export function interpolate(from: Float32Array | null, to: Float32Array, t: number, out?: Float32Array): Float32Array {
  const res = out && out.length === to.length ? out : new Float32Array(to.length);
  if (!from || from.length !== to.length || t >= 1) {
    res.set(to);
    return res;
  }
  for (let i = 0; i < to.length; i++) res[i] = from[i]! + (to[i]! - from[i]!) * t;
  return res;
}

/** Per axis, the points' 1st–99th percentile widened by 30% of itself, and never past the extremes: a few far strays must not shrink the clusters to a corner. */
function robustRange(a: Float32Array, axis: 0 | 1): [number, number] | null {
  const all = new Float32Array(a.length >> 1);
  let m = 0;
  for (let i = 0; i + 1 < a.length; i += 2) {
    const x = a[i]!, y = a[i + 1]!;
    if (Number.isFinite(x) && Number.isFinite(y)) all[m++] = axis === 0 ? x : y;
  }
  if (m === 0) return null;
  // A typed sort is numeric and native: several times faster than a comparator, and this runs for every new snapshot.
  const v = all.subarray(0, m).sort();
  const lo = v[Math.floor(0.01 * (v.length - 1))]!, hi = v[Math.ceil(0.99 * (v.length - 1))]!;
  const slack = 0.3 * (hi - lo);
  return [Math.max(v[0]!, lo - slack), Math.min(v[v.length - 1]!, hi + slack)];
}

/** Bounds of the points (far strays trimmed) and the centers, padded, with a square aspect. */
export function extent(xy: Float32Array, centers: Float32Array | null): [[number, number], [number, number]] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const rx = robustRange(xy, 0), ry = robustRange(xy, 1);
  if (rx && ry) [x0, x1, y0, y1] = [rx[0], rx[1], ry[0], ry[1]];
  if (centers) {
    for (let i = 0; i + 1 < centers.length; i += 2) {
      const x = centers[i]!, y = centers[i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  if (!Number.isFinite(x0)) return [[-1, 1], [-1, 1]];
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * 1.08;
  return [[cx - half, cx + half], [cy - half, cy + half]];
}
