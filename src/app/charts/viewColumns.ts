/** What a scatter panel draws, from the features as the model gives them: 2-D as they are, 3-D turned by the orbit into the screen plane. Pure: no DOM. */
import { fit3, fit3Domain, project, type Fit3, type Orbit } from './orbit';
import { extent, type ScatterColumns } from './scatterDraw';
import { trainedCenters, type Domain } from './spread';

export interface ViewInput {
  /** Values per feature: 2 or 3. */
  dim: number;
  /** The snapshot the view is fitted to: its features (n × dim) and centers (k × dim). */
  fitTo: { features: Float32Array; centers: Float32Array };
  /** The features and centers as drawn now (interpolated), n × dim and k × dim. */
  features: Float32Array;
  centers: Float32Array;
  labels: Uint8Array;
  /** Recent centers, oldest first, each k × dim. */
  trail: Float32Array[];
  isolated: number | null;
  heldOut: number | null;
  /** What each center's disc says (the dataset's class names, shortened); absent: the class index. */
  discLabels?: readonly string[];
  /** A drawn digit's feature: dim values. */
  probe: readonly number[] | null;
  /** How a 3-D view is turned; ignored in 2-D. */
  orbit: Orbit;
}

export interface ViewColumns {
  /** Screen-plane columns for drawScatter: n × 2 and k × 2 in feature units. */
  cols: ScatterColumns;
  /** The domain fitted to this view's own data: a 3-D view's does not change as it turns. */
  own: Domain;
  probe?: { x: number; y: number };
}

/** A fitted 3-D frame per snapshot: a turn redraws it many times. */
const fits = new WeakMap<Float32Array, Fit3>();

export function fitOf(features: Float32Array, centers: Float32Array, heldOut: number | null): Fit3 {
  let f = fits.get(features);
  if (!f) {
    f = fit3(features, trainedCenters(centers, heldOut, 3));
    fits.set(features, f);
  }
  return f;
}

/** The domain a snapshot's view is fitted to, 2-D or 3-D, computed once per snapshot: every frame of every panel asks for it (a shared scale too). */
export function fittedDomain(dim: number, features: Float32Array, centers: Float32Array, heldOut: number | null): Domain {
  return dim === 3 ? fit3Domain(fitOf(features, centers, heldOut)) : extentOf(features, centers, heldOut);
}

/** A 2-D snapshot's fitted domain, once per snapshot and held-out class: a zoom or a tween redraws it many times. */
const extents = new WeakMap<Float32Array, { heldOut: number | null; d: Domain }>();

function extentOf(features: Float32Array, centers: Float32Array, heldOut: number | null): Domain {
  const hit = extents.get(features);
  if (hit && hit.heldOut === heldOut) return hit.d;
  const d = extent(features, trainedCenters(centers, heldOut));
  extents.set(features, { heldOut, d });
  return d;
}

export function viewColumns(v: ViewInput, out?: Float32Array): ViewColumns {
  const base = { labels: v.labels, isolated: v.isolated, heldOut: v.heldOut, ...(v.discLabels ? { discLabels: v.discLabels } : {}) };
  if (v.dim !== 3) {
    return {
      cols: { ...base, xy: v.features, centers: v.centers, trail: v.trail },
      own: extentOf(v.fitTo.features, v.fitTo.centers, v.heldOut),
      ...(v.probe ? { probe: { x: v.probe[0]!, y: v.probe[1]! } } : {}),
    };
  }
  const fit = fitOf(v.fitTo.features, v.fitTo.centers, v.heldOut);
  const turn = (a: ArrayLike<number>, o?: Float32Array) => project(a, fit.origin, v.orbit, o);
  const probe = v.probe ? turn(v.probe) : null;
  return {
    cols: { ...base, xy: turn(v.features, out), centers: turn(v.centers), trail: v.trail.map((t) => turn(t)) },
    own: fit3Domain(fit),
    ...(probe ? { probe: { x: probe[0]!, y: probe[1]! } } : {}),
  };
}
