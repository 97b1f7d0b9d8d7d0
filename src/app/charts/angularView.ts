/** A scatter panel's angular view, between the snapshot and the canvas: the features onto the unit circle or sphere, and the rays and wedges over them. */
import { unitRows } from '../../ml/angles';
import { angularGeometry, drawAngular } from './angularDraw';
import { project, type Orbit } from './orbit';
import type { PlotRect, ScatterScales } from './scatterTypes';
import { fitOf } from './viewColumns';

/** What a panel asks for: rays (and the margin wedge) and/or unit-length features. */
export interface AngularView {
  rays: boolean;
  unit: boolean;
  /** The margin's half-width now, in radians; null: none. */
  margin: number | null;
}

/** One object per distinct view, so a panel redraws only when the view changes, not on every render of its parent. */
const views = new Map<string, AngularView>();
export function angularViewOf(rays: boolean, unit: boolean, margin: number | null): AngularView {
  const key = `${rays ? 1 : 0}${unit ? 1 : 0}${margin === null ? '' : margin.toFixed(4)}`;
  let v = views.get(key);
  if (!v) {
    if (views.size > 256) views.clear();
    v = { rays, unit, margin: margin === null ? null : +margin.toFixed(4) };
    views.set(key, v);
  }
  return v;
}

/** A snapshot's normalised features, once per snapshot: a turn or a tween redraws it many times. */
const unitCache = new WeakMap<Float32Array, Float32Array>();
export function unitOf(values: Float32Array, dim: number): Float32Array {
  let u = unitCache.get(values);
  if (!u) {
    u = unitRows(values, dim);
    unitCache.set(values, u);
  }
  return u;
}

/** Without normalisation a ray is a direction, drawn out to the plot's farthest corner (feature units): it never stops short inside the cloud. */
export function edgeReach(origin: readonly [number, number], scales: ScatterScales, plot: PlotRect): number {
  const ox = scales.x(origin[0]), oy = scales.y(origin[1]);
  const perUnit = Math.abs(scales.x(1) - scales.x(0)) || 1;
  const corners = [[plot.left, plot.top], [plot.left + plot.width, plot.top], [plot.left, plot.top + plot.height], [plot.left + plot.width, plot.top + plot.height]];
  return Math.max(...corners.map(([cx, cy]) => Math.hypot(cx! - ox, cy! - oy))) / perUnit;
}

const originOf = (v: { origin: readonly number[]; orbit: Orbit }): [number, number] => {
  const p = project([0, 0, 0], v.origin, v.orbit);
  return [p[0]!, p[1]!];
};

/** What a view on the unit circle (sphere) is fitted to: the whole circle around the origin, with the rays' tips, not just where the features lie. */
export function unitFrame(dim: number): { features: Float32Array; centers: Float32Array } {
  let f = frames.get(dim);
  if (!f) {
    const v = new Float32Array(2 * dim * dim);
    for (let k = 0; k < dim; k++) {
      v[2 * k * dim + k] = UNIT_REACH;
      v[(2 * k + 1) * dim + k] = -UNIT_REACH;
    }
    f = { features: v, centers: new Float32Array(0) };
    frames.set(dim, f);
  }
  return f;
}
const frames = new Map<number, { features: Float32Array; centers: Float32Array }>();

/** Rays a little past the unit circle when the features lie on it. */
export const UNIT_REACH = 1.15;

/** Draws the rays, wedges and unit circle over a drawn scatter; returns the number of rays (0 without weights). */
export function drawAngularView(
  ctx: CanvasRenderingContext2D,
  a: AngularView,
  v: { weights: Float32Array | null; dim: number; fitTo: { features: Float32Array; centers: Float32Array }; heldOut: number | null; isolated: number | null; orbit: Orbit },
  scales: ScatterScales,
  plot: PlotRect,
  lineWidth = 2,
): number {
  if (!v.weights || v.weights.length === 0) return 0;
  const view3 = v.dim === 3 ? { origin: fitOf(v.fitTo.features, v.fitTo.centers, v.heldOut).origin, orbit: v.orbit } : undefined;
  const g = angularGeometry({
    weights: v.weights,
    dim: v.dim,
    margin: a.rays ? a.margin : null,
    reach: a.unit ? UNIT_REACH : edgeReach(view3 ? originOf(view3) : [0, 0], scales, plot),
    unitCircle: a.unit,
    heldOut: v.heldOut,
    isolated: v.isolated,
    ...(view3 ? { view3 } : {}),
  });
  if (!a.rays) g.rays = [];
  return drawAngular(ctx, g, scales, plot, { isolated: v.isolated, lineWidth });
}
