/**
 * The shape of the clusters, free of the feature scale, in 2-D and 3-D: are the classes drawn as spokes or as
 * round, separated blobs? The same definitions as the PyTorch reference (tools/torch-reference/shape.py).
 */

/** Eigenvalues of a small symmetric matrix (row-major n × n), ascending; cyclic Jacobi rotations. */
export function symmetricEigenvalues(a: ArrayLike<number>, n: number): number[] {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (!(off > 1e-30 * (1 + scaleOf(m)))) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!, akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!, aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(m[i * n + i]!);
  return out.sort((x, y) => x - y);
}

function scaleOf(m: Float64Array): number {
  let s = 0;
  for (const v of m) s += v * v;
  return s;
}

/** Per-class sums: count, mean and the covariance (sample, n − 1) of each class present. */
function classMoments(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number): Map<number, { n: number; mean: Float64Array; cov: Float64Array }> {
  const byClass = new Map<number, { n: number; mean: Float64Array; cov: Float64Array }>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    let c = byClass.get(y);
    if (!c) byClass.set(y, (c = { n: 0, mean: new Float64Array(dim), cov: new Float64Array(dim * dim) }));
    c.n++;
    for (let k = 0; k < dim; k++) c.mean[k]! += features[i * dim + k]!;
  }
  for (const c of byClass.values()) for (let k = 0; k < dim; k++) c.mean[k]! /= c.n;
  for (let i = 0; i < labels.length; i++) {
    const c = byClass.get(labels[i]!)!;
    for (let a = 0; a < dim; a++) {
      const da = features[i * dim + a]! - c.mean[a]!;
      for (let b = 0; b < dim; b++) c.cov[a * dim + b]! += da * (features[i * dim + b]! - c.mean[b]!);
    }
  }
  for (const c of byClass.values()) for (let k = 0; k < dim * dim; k++) c.cov[k]! /= Math.max(1, c.n - 1);
  return byClass;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/**
 * Median over classes of √(largest / smallest eigenvalue of the class's feature covariance): long thin spokes
 * score high (a softmax-trained network about 3.3), round blobs near 1. Classes with fewer than two points
 * have no covariance and are left out; NaN when no class has one.
 */
export function elongation(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number): number {
  const out: number[] = [];
  for (const c of classMoments(features, labels, dim).values()) {
    if (c.n < 2) continue;
    const ev = symmetricEigenvalues(c.cov, dim);
    out.push(Math.sqrt(Math.max(ev[dim - 1]!, 1e-18) / Math.max(ev[0]!, 1e-18)));
  }
  return out.length ? median(out) : NaN;
}

/**
 * Within-class over between-class variance, each class counting once: the mean over classes of the mean squared
 * distance of a feature to its class mean, over the mean squared distance of the class means to the features' mean.
 */
export function withinBetween(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number): number {
  const classes = classMoments(features, labels, dim);
  if (!classes.size) return NaN;
  const all = new Float64Array(dim);
  for (let i = 0; i < labels.length; i++) for (let k = 0; k < dim; k++) all[k]! += features[i * dim + k]! / labels.length;
  let within = 0;
  let between = 0;
  for (const c of classes.values()) {
    // Trace of the (n − 1)-normalised covariance back to the mean squared distance.
    for (let k = 0; k < dim; k++) within += (c.cov[k * dim + k]! * Math.max(1, c.n - 1)) / c.n;
    for (let k = 0; k < dim; k++) between += (c.mean[k]! - all[k]!) ** 2;
  }
  return within / classes.size / Math.max(between / classes.size, 1e-18);
}
