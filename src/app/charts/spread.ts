/** How large each run's feature cloud is, and how that compares across runs: the truth a fitted axis hides. */
/** [[x0, x1], [y0, y1]]. */
export type Domain = [[number, number], [number, number]];

/** Root-mean-square distance of the features (n × dim) from their mean; NaN when there are none. */
export function spreadOf(xy: Float32Array, dim = 2): number {
  const n = Math.floor(xy.length / dim);
  const mean = new Float64Array(dim);
  const ok = (i: number) => {
    for (let d = 0; d < dim; d++) if (!Number.isFinite(xy[dim * i + d]!)) return false;
    return true;
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    for (let d = 0; d < dim; d++) mean[d]! += xy[dim * i + d]!;
    k++;
  }
  if (k === 0) return NaN;
  for (let d = 0; d < dim; d++) mean[d]! /= k;
  let s = 0;
  for (let i = 0; i < n; i++) if (ok(i)) for (let d = 0; d < dim; d++) s += (xy[dim * i + d]! - mean[d]!) ** 2;
  return Math.sqrt(s / k);
}

/** spreadOf, once per snapshot's features (they never change once received): a panel re-renders on every report. */
const spreads = new WeakMap<Float32Array, number>();
export function snapshotSpread(features: Float32Array, dim = 2): number {
  let v = spreads.get(features);
  if (v === undefined) {
    v = spreadOf(features, dim);
    spreads.set(features, v);
  }
  return v;
}

const times = (r: number) => (r >= 10 ? r.toFixed(0) : r.toFixed(1));

/** "features 13× smaller than softmax only": this spread against a reference run's, or null when they are alike. */
export function relativeSpread(spread: number, reference: number, referenceName: string): string | null {
  if (!(spread > 0) || !(reference > 0)) return null;
  const r = spread / reference;
  if (r > 1 / 1.1 && r < 1.1) return `features about as spread as ${referenceName}`;
  return r < 1 ? `features ${times(1 / r)}× smaller than ${referenceName}` : `features ${times(r)}× larger than ${referenceName}`;
}

/** The centers with a held-out class's masked out (NaN): it never trains, so it must not stretch a fitted domain. */
export function trainedCenters(centers: Float32Array, heldOut: number | null, dim = 2): Float32Array {
  if (heldOut === null || dim * heldOut + dim - 1 >= centers.length) return centers;
  const out = centers.slice();
  out.fill(NaN, dim * heldOut, dim * heldOut + dim);
  return out;
}

/** The smallest domain holding every domain given: one scale for all. */
export function unionDomain(domains: Domain[]): Domain | null {
  if (domains.length === 0) return null;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [[a, b], [c, d]] of domains) {
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, b);
    y0 = Math.min(y0, c);
    y1 = Math.max(y1, d);
  }
  // Square, like each fitted domain, so a unit is as long across as up.
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return [[cx - half, cx + half], [cy - half, cy + half]];
}

/** Widens a square domain to the plot's aspect: a unit is as long across as up, and the plot has no empty bands. */
export function fillDomain([[x0, x1], [y0, y1]]: Domain, width: number, height: number): Domain {
  const side = Math.min(width, height);
  const hx = ((x1 - x0) / 2) * (width / side);
  const hy = ((y1 - y0) / 2) * (height / side);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return [[cx - hx, cx + hx], [cy - hy, cy + hy]];
}

/** Two domains drawn alike. */
export const sameDomain = (a: Domain, b: Domain) => a[0][0] === b[0][0] && a[0][1] === b[0][1] && a[1][0] === b[1][0] && a[1][1] === b[1][1];

/** The centers of the classes that train, as "x,y,x,y,…" (dim values each): a held-out class has no center worth showing. */
export function centersAttr(centers: Float32Array, heldOut: number | null, dim = 2): string {
  const out: string[] = [];
  for (let k = 0; k < centers.length / dim; k++) if (k !== heldOut) for (let d = 0; d < dim; d++) out.push(centers[dim * k + d]!.toFixed(5));
  return out.join(',');
}

/** Small multiples: on a projector every run in one row (each panel's words take a row's height, so two rows left plots a few lines tall); beside the side panels two or three columns. */
export const gridColumns = (n: number, present: boolean): number => (n <= 2 || present ? n : n <= 4 ? 2 : 3);
/** A slide (little text per panel): up to three in a row. */
export const slideColumns = (n: number): number => Math.min(3, n);
