/** The angular figures of a feature space: directions, not distances, are what the angular-margin losses train. Pure: no DOM, no tensors. */

/** Each row (n × dim) scaled to length 1; a zero or non-finite row stays zero, so it draws nowhere and counts in no angle. */
export function unitRows(values: ArrayLike<number>, dim: number, out?: Float32Array): Float32Array {
  const n = Math.floor(values.length / dim);
  const res = out && out.length === n * dim ? out : new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += values[i * dim + k]! ** 2;
    const len = Math.sqrt(s);
    const ok = len > 0 && Number.isFinite(len);
    for (let k = 0; k < dim; k++) res[i * dim + k] = ok ? values[i * dim + k]! / len : 0;
  }
  return res;
}

/** The cosine of the angle between row i of `a` and row j of `b` (both n × dim); NaN where either is zero. */
export function rowCosine(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let dot = 0, na = 0, nb = 0;
  for (let k = 0; k < dim; k++) {
    const x = a[i * dim + k]!, y = b[j * dim + k]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))) : NaN;
}

/** The mean angle (radians) between each feature and its own class's weight vector, over the known classes; NaN without any. */
export function meanAngleToWeight(features: ArrayLike<number>, labels: ArrayLike<number>, weights: ArrayLike<number>, dim: number, heldOut: number | null): number {
  const classes = Math.floor(weights.length / dim);
  let sum = 0, n = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y === heldOut || y >= classes) continue;
    const c = rowCosine(features, i, weights, y, dim);
    if (Number.isNaN(c)) continue;
    sum += Math.acos(c);
    n++;
  }
  return n ? sum / n : NaN;
}

/** The least angle (radians) between the weight vectors of two known classes, and which pair; NaN with fewer than two. */
export function leastWeightAngle(weights: ArrayLike<number>, dim: number, heldOut: number | null): { angle: number; pair: [number, number] | null } {
  const classes = Math.floor(weights.length / dim);
  let best = NaN;
  let pair: [number, number] | null = null;
  for (let a = 0; a < classes; a++) {
    if (a === heldOut) continue;
    for (let b = a + 1; b < classes; b++) {
      if (b === heldOut) continue;
      const c = rowCosine(weights, a, weights, b, dim);
      if (Number.isNaN(c)) continue;
      const angle = Math.acos(c);
      if (!(angle >= best)) {
        best = angle;
        pair = [a, b];
      }
    }
  }
  return { angle: best, pair };
}

export const degrees = (radians: number): number => (radians * 180) / Math.PI;
