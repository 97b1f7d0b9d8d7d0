/** Cluster metrics of the 2-D features: how center loss is seen, not only felt. Plain arrays, no tensors. */
import { elongation, withinBetween } from './shape';

export interface EvalMetrics {
  count: number;
  /** The class left out of training (its digits and its untrained center count in no figure below), or null. */
  heldOut: number | null;
  /** Digits of the known (trained) classes among `count`: what the accuracies are computed on. */
  knownCount: number;
  /** Softmax (argmax of logits) accuracy on the known digits. */
  testAccuracy: number;
  /** Accuracy of classifying each known digit by its closest trained center. */
  nearestCenterAccuracy: number;
  /** Mean ‖x − c_y‖ over the known digits. */
  intraDistance: number;
  interMin: number;
  interMean: number;
  /** intraDistance / interMin (trained centers only): smaller is more compact and separated. */
  intraOverInterMin: number;
  /** Mean silhouette of the features by true label (−1..1), on at most SILHOUETTE_MAX points. */
  silhouette: number;
  /**
   * Within-class over between-class variance of the features, each class counting once (shape.ts withinBetween):
   * free of the feature scale and of where the learned centers are (smaller: more compact classes).
   */
  withinOverBetween: number;
  /** Median over classes of √(largest / smallest eigenvalue of the class's covariance) (shape.ts): spokes about 3, round blobs near 1. */
  elongation: number;
}

export const SILHOUETTE_MAX = 1500;

/** Mean silhouette coefficient; an even stride subsample keeps it O(SILHOUETTE_MAX²). */
export function silhouette(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number, classes: number): number {
  const n = labels.length;
  const stride = Math.max(1, Math.ceil(n / SILHOUETTE_MAX));
  const idx: number[] = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  for (const i of idx) counts[labels[i]!]! += 1;
  let total = 0;
  let used = 0;
  for (const i of idx) {
    sums.fill(0);
    for (const j of idx) {
      if (i === j) continue;
      let d = 0;
      for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - features[j * dim + k]!) ** 2;
      sums[labels[j]!]! += Math.sqrt(d);
    }
    const own = labels[i]!;
    if (counts[own]! < 2) continue;
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < classes; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
    used++;
  }
  return used ? total / used : 0;
}

export function argmaxRows(logits: ArrayLike<number>, classes: number): Uint8Array {
  const n = logits.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k]! > logits[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** Softmax of one row of logits, stable for large logits. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let m = -Infinity;
  for (let i = 0; i < logits.length; i++) m = Math.max(m, logits[i]!);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - m);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Closest center of each feature; `skip` (the held-out class) is never a candidate: its center was never trained. */
export function nearestCenter(features: ArrayLike<number>, centers: ArrayLike<number>, dim: number, skip: number | null = null): { index: Uint8Array; distance: Float32Array } {
  const n = features.length / dim;
  const c = centers.length / dim;
  const index = new Uint8Array(n);
  const distance = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0; j < c; j++) {
      if (j === skip) continue;
      let d = 0;
      for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - centers[j * dim + k]!) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    index[i] = best;
    distance[i] = Math.sqrt(bestD);
  }
  return { index, distance };
}

/** Min and mean distance between centers, leaving out `skip` (the held-out class's untrained center). */
export function centerDistances(centers: ArrayLike<number>, dim: number, skip: number | null = null): { min: number; mean: number } {
  const c = centers.length / dim;
  let min = Infinity;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < c; a++) {
    if (a === skip) continue;
    for (let b = a + 1; b < c; b++) {
      if (b === skip) continue;
      let d = 0;
      for (let k = 0; k < dim; k++) d += (centers[a * dim + k]! - centers[b * dim + k]!) ** 2;
      d = Math.sqrt(d);
      min = Math.min(min, d);
      sum += d;
      pairs++;
    }
  }
  return { min, mean: pairs ? sum / pairs : 0 };
}

/** Features, labels and the class count with the held-out class's digits left out (silhouette and within/between see only trained classes). */
function knownOnly(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number, heldOut: number | null): { features: ArrayLike<number>; labels: ArrayLike<number> } {
  if (heldOut === null) return { features, labels };
  const keep: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== heldOut) keep.push(i);
  const f = new Float32Array(keep.length * dim);
  const l = new Uint8Array(keep.length);
  keep.forEach((i, k) => {
    l[k] = labels[i]!;
    for (let d = 0; d < dim; d++) f[k * dim + d] = features[i * dim + d]!;
  });
  return { features: f, labels: l };
}

/**
 * Every figure on the known classes: with a held-out class, its digits and its never-trained center are left
 * out (they would count a random center as a cluster and a digit no classifier can get right as an error).
 */
export function evalMetrics(features: ArrayLike<number>, logits: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, classes: number, heldOut: number | null = null): EvalMetrics {
  return clusterMetrics(features, argmaxRows(logits, classes), labels, centers, dim, classes, heldOut);
}

/** evalMetrics from the softmax's predicted classes (what the page keeps of each snapshot) instead of the logits. */
export function clusterMetrics(features: ArrayLike<number>, pred: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, classes: number, heldOut: number | null = null): EvalMetrics {
  const k = knownOnly(features, labels, dim, heldOut);
  const { withinOverBetween, elongation, ...rest } = figuresOf(features, pred, labels, centers, dim, heldOut, k);
  return { ...rest, silhouette: silhouette(k.features, k.labels, dim, classes), withinOverBetween, elongation };
}

/** Every figure but the silhouette (O(SILHOUETTE_MAX²), the one the page does not read off its snapshots): what a panel says of the snapshot it draws. */
export type SnapshotFigures = Omit<EvalMetrics, 'silhouette'>;

export function snapshotFigures(features: ArrayLike<number>, pred: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, heldOut: number | null = null): SnapshotFigures {
  return figuresOf(features, pred, labels, centers, dim, heldOut, knownOnly(features, labels, dim, heldOut));
}

/** The figures, given the known digits (`knownOnly`) that the shape figures and the silhouette share. */
function figuresOf(features: ArrayLike<number>, pred: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, heldOut: number | null, k: ReturnType<typeof knownOnly>): SnapshotFigures {
  const n = labels.length;
  const nc = nearestCenter(features, centers, dim, heldOut);
  let known = 0;
  let correct = 0;
  let ncCorrect = 0;
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y === heldOut) continue;
    known++;
    if (pred[i] === y) correct++;
    if (nc.index[i] === y) ncCorrect++;
    let d = 0;
    for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - centers[y * dim + k]!) ** 2;
    intra += Math.sqrt(d);
  }
  const inter = centerDistances(centers, dim, heldOut);
  const intraDistance = known ? intra / known : 0;
  return {
    count: n,
    heldOut,
    knownCount: known,
    testAccuracy: known ? correct / known : 0,
    nearestCenterAccuracy: known ? ncCorrect / known : 0,
    intraDistance,
    interMin: inter.min,
    interMean: inter.mean,
    intraOverInterMin: inter.min > 0 ? intraDistance / inter.min : Infinity,
    withinOverBetween: withinBetween(k.features, k.labels, dim),
    elongation: elongation(k.features, k.labels, dim),
  };
}

/** Intra-class distance over the minimum inter-center distance of the points and centers given (the live scatter's training digits), leaving out a class that has no trained center. */
export function clusterRatio(features: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, skipClass: number | null = null): number {
  let intra = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y === skipClass) continue;
    let d = 0;
    for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - centers[y * dim + k]!) ** 2;
    intra += Math.sqrt(d);
    n++;
  }
  const { min } = centerDistances(centers, dim, skipClass);
  return n && min > 0 ? intra / n / min : Infinity;
}
