/** A scatter panel's angular view, between the snapshot and the canvas: the features onto the unit circle or sphere, and the rays and wedges over them. */
import { unitRows } from '../../ml/angles';
import { angularGeometry, drawAngular } from './angularDraw';
import type { Orbit } from './orbit';
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

/** How far the rays reach without normalisation: most features' length (the 95th percentile), once per snapshot. */
const reachCache = new WeakMap<Float32Array, number>();
export function rayReach(features: Float32Array, dim: number): number {
  let r = reachCache.get(features);
  if (r === undefined) {
    const n = Math.floor(features.length / dim);
    const lens: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += features[i * dim + k]! ** 2;
      if (Number.isFinite(s)) lens.push(Math.sqrt(s));
    }
    lens.sort((a, b) => a - b);
    r = lens.length ? Math.max(lens[Math.floor(0.95 * (lens.length - 1))]!, 1e-6) : 1;
    reachCache.set(features, r);
  }
  return r;
}

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
    reach: a.unit ? UNIT_REACH : rayReach(v.fitTo.features, v.dim),
    unitCircle: a.unit,
    heldOut: v.heldOut,
    isolated: v.isolated,
    ...(view3 ? { view3 } : {}),
  });
  if (!a.rays) g.rays = [];
  return drawAngular(ctx, g, scales, plot, { isolated: v.isolated, lineWidth });
}
