/** Cluster metrics of the 2-D features: how center loss is seen, not only felt. Plain arrays, no tensors. */

export interface EvalMetrics {
  count: number;
  /** Softmax (argmax of logits) accuracy. */
  testAccuracy: number;
  /** Accuracy of classifying each feature by its closest center. */
  nearestCenterAccuracy: number;
  /** Mean ‖x − c_y‖. */
  intraDistance: number;
  interMin: number;
  interMean: number;
  /** intraDistance / interMin: smaller is more compact and separated. */
  intraOverInterMin: number;
  /** Mean silhouette of the features by true label (−1..1), on at most SILHOUETTE_MAX points. */
  silhouette: number;
  /**
   * Within-class over between-class variance of the features, around the features' own class means:
   * free of the feature scale and of where the learned centers are (smaller: more compact classes).
   */
  withinOverBetween: number;
}

/** Σ‖x_i − μ_{y_i}‖² / Σ_c n_c ‖μ_c − μ‖², the inverse of Fisher's criterion. */
export function withinOverBetween(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number, classes: number): number {
  const n = labels.length;
  const mu = new Float64Array(classes * dim);
  const count = new Float64Array(classes);
  const all = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    count[y]! += 1;
    for (let k = 0; k < dim; k++) {
      mu[y * dim + k]! += features[i * dim + k]!;
      all[k]! += features[i * dim + k]! / n;
    }
  }
  for (let c = 0; c < classes; c++) for (let k = 0; k < dim; k++) if (count[c]) mu[c * dim + k]! /= count[c]!;
  let within = 0;
  let between = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) within += (features[i * dim + k]! - mu[labels[i]! * dim + k]!) ** 2;
  for (let c = 0; c < classes; c++) for (let k = 0; k < dim; k++) between += count[c]! * (mu[c * dim + k]! - all[k]!) ** 2;
  return between > 0 ? within / between : Infinity;
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

export function nearestCenter(features: ArrayLike<number>, centers: ArrayLike<number>, dim: number): { index: Uint8Array; distance: Float32Array } {
  const n = features.length / dim;
  const c = centers.length / dim;
  const index = new Uint8Array(n);
  const distance = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0; j < c; j++) {
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

export function centerDistances(centers: ArrayLike<number>, dim: number): { min: number; mean: number } {
  const c = centers.length / dim;
  let min = Infinity;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < c; a++) {
    for (let b = a + 1; b < c; b++) {
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

export function evalMetrics(features: ArrayLike<number>, logits: ArrayLike<number>, labels: ArrayLike<number>, centers: ArrayLike<number>, dim: number, classes: number): EvalMetrics {
  const n = labels.length;
  const pred = argmaxRows(logits, classes);
  const nc = nearestCenter(features, centers, dim);
  let correct = 0;
  let ncCorrect = 0;
  let intra = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (pred[i] === y) correct++;
    if (nc.index[i] === y) ncCorrect++;
    let d = 0;
    for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - centers[y * dim + k]!) ** 2;
    intra += Math.sqrt(d);
  }
  const inter = centerDistances(centers, dim);
  const intraDistance = n ? intra / n : 0;
  return {
    count: n,
    testAccuracy: n ? correct / n : 0,
    nearestCenterAccuracy: n ? ncCorrect / n : 0,
    intraDistance,
    interMin: inter.min,
    interMean: inter.mean,
    intraOverInterMin: inter.min > 0 ? intraDistance / inter.min : Infinity,
    silhouette: silhouette(features, labels, dim, classes),
    withinOverBetween: withinOverBetween(features, labels, dim, classes),
  };
}

/** Intra-class distance over the minimum inter-center distance of the points and centers given, leaving out a class that has no trained center. */
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
  const kept: number[] = [];
  for (let j = 0; j < centers.length / dim; j++) if (j !== skipClass) for (let k = 0; k < dim; k++) kept.push(centers[j * dim + k]!);
  const { min } = centerDistances(kept, dim);
  return n && min > 0 ? intra / n / min : Infinity;
}
