/** Where each center's marker goes so that it never hides its own cluster, and what the drawn points cover: pure, in CSS px. */
import type { PlotRect, ScatterScales, ScatterStyle } from './scatterTypes';

export interface CenterColumns {
  xy: Float32Array;
  labels: Uint8Array;
  isolated: number | null;
  heldOut: number | null;
}

/** A center drawn as a numbered disc on it ('disc'), or as a small dot with the numbered disc beside its cluster ('callout'). */
export interface CenterMark {
  k: number;
  /** The center, px. */
  x: number;
  y: number;
  kind: 'disc' | 'callout';
  /** The numbered disc: on the center for 'disc', outside the cluster for 'callout'. */
  badge: { x: number; y: number; r: number };
}

/** A cluster whose RMS radius is under this many disc radii would lose over a tenth of its points under the disc: call it out instead. */
const COVER_RATIO = 3;
/** Smaller center discs carry no digit (see ScatterStyle.centerRadius). */
export const MIN_LABELLED = 6;
/** The dot marking a called-out center, px. */
export const CALLOUT_DOT = 3.5;

/** Per class, the RMS distance (px) of its points from its center; NaN for a class with no points. */
export function clusterRadiiPx(cols: CenterColumns, centers: Float32Array, scales: ScatterScales): Float64Array {
  const k = centers.length / 2;
  const sum = new Float64Array(k), count = new Float64Array(k);
  const cx = Array.from({ length: k }, (_, j) => scales.x(centers[2 * j]!));
  const cy = Array.from({ length: k }, (_, j) => scales.y(centers[2 * j + 1]!));
  for (let i = 0; i < cols.labels.length; i++) {
    const j = cols.labels[i]!;
    if (j >= k) continue;
    const px = scales.x(cols.xy[2 * i]!), py = scales.y(cols.xy[2 * i + 1]!);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    sum[j] = sum[j]! + (px - cx[j]!) ** 2 + (py - cy[j]!) ** 2;
    count[j] = count[j]! + 1;
  }
  return sum.map((s, j) => (count[j]! > 0 ? Math.sqrt(s / count[j]!) : NaN));
}

const inside = (x: number, y: number, v: PlotRect, pad: number) => x >= v.left - pad && y >= v.top - pad && x <= v.left + v.width + pad && y <= v.top + v.height + pad;
const clamp = (v: number, lo: number, hi: number) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

/** The marks of the centers shown (trained, not isolated away, inside the plot), in class order. */
export function centerLayout(cols: CenterColumns, centers: Float32Array, scales: ScatterScales, view: PlotRect, style: ScatterStyle): CenterMark[] {
  const R = style.centerRadius;
  const radii = clusterRadiiPx(cols, centers, scales);
  const shown: number[] = [];
  for (let j = 0; j < centers.length / 2; j++) {
    if (j === cols.heldOut || (cols.isolated !== null && cols.isolated !== j)) continue;
    if (inside(scales.x(centers[2 * j]!), scales.y(centers[2 * j + 1]!), view, R)) shown.push(j);
  }
  // Callouts point away from the middle of the centers shown, out of the crowd.
  let mx = 0, my = 0;
  for (const j of shown) {
    mx += scales.x(centers[2 * j]!) / shown.length;
    my += scales.y(centers[2 * j + 1]!) / shown.length;
  }
  const px = shown.map((j) => [scales.x(centers[2 * j]!), scales.y(centers[2 * j + 1]!)] as const);
  return shown.map((j, i) => {
    const x = px[i]![0], y = px[i]![1];
    // Stacked centers (early training) are called out too, so their discs do not pile up over the points.
    const crowded = px.some(([ox, oy], o) => o !== i && (ox - x) ** 2 + (oy - y) ** 2 < R ** 2);
    const rad = radii[j]!;
    // Below a readable disc (a shrunken run beside its inset) a center is a plain dot: nothing to call out.
    if (R < MIN_LABELLED || !(crowded || rad < R * COVER_RATIO)) return { k: j, x, y, kind: 'disc', badge: { x, y, r: R } };
    const r = Math.max(8, R * 0.75);
    const len = Math.hypot(x - mx, y - my);
    const dx = len < 1e-6 ? 0 : (x - mx) / len;
    const dy = len < 1e-6 ? -1 : (y - my) / len;
    const d = 1.6 * (Number.isFinite(rad) ? rad : 0) + r + 2;
    return { k: j, x, y, kind: 'callout', badge: { x: clamp(x + dx * d, view.left + r + 1, view.left + view.width - r - 1), y: clamp(y + dy * d, view.top + r + 1, view.top + view.height - r - 1), r } };
  });
}

export interface PointCover {
  /** Width and height (px) of the box holding the middle 96% of the drawn points on each axis. */
  extent: [number, number];
  /** Share of the drawn points under a center's disc or badge. */
  hidden: number;
}

/** What the points drawn cover of the plot, and how many of them a center's mark hides. */
export function pointCover(cols: CenterColumns, scales: ScatterScales, view: PlotRect, marks: readonly CenterMark[]): PointCover {
  const xs = new Float64Array(cols.labels.length), ys = new Float64Array(cols.labels.length);
  let n = 0;
  let hidden = 0;
  for (let i = 0; i < cols.labels.length; i++) {
    const k = cols.labels[i]!;
    if (k === cols.heldOut || (cols.isolated !== null && cols.isolated !== k)) continue;
    const px = scales.x(cols.xy[2 * i]!), py = scales.y(cols.xy[2 * i + 1]!);
    if (!inside(px, py, view, 0)) continue;
    xs[n] = px;
    ys[n++] = py;
    for (const m of marks) {
      if ((px - m.badge.x) ** 2 + (py - m.badge.y) ** 2 < m.badge.r ** 2) {
        hidden++;
        break;
      }
    }
  }
  if (n === 0) return { extent: [0, 0], hidden: 0 };
  // Quantiles, not min/max: a few strays far out must not pass for a cluster that fills the plot. Typed sorts: numeric, native, in every frame.
  const span = (all: Float64Array) => {
    const a = all.subarray(0, n).sort();
    return a[Math.floor(0.98 * (n - 1))]! - a[Math.floor(0.02 * (n - 1))]!;
  };
  return { extent: [span(xs), span(ys)], hidden: hidden / n };
}
