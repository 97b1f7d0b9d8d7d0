/** ROC curve and AUROC of a score that should be larger for positives (here: distance for unknown digits). Ties handled. */

export interface RocPoint {
  /** Share of negatives (known digits) at or above the threshold. */
  fpr: number;
  /** Share of positives (unknown digits) at or above the threshold. */
  tpr: number;
  /** Score at or above which a sample is called positive; Infinity for the (0, 0) corner. */
  threshold: number;
}

/** Every distinct threshold, from the highest score down: one point per distinct score, so tied scores move diagonally. */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): RocPoint[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) if (positive[i]) pos++;
  const neg = n - pos;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0, fp = 0;
  for (let k = 0; k < n; ) {
    const s = scores[order[k]!]!;
    // Every sample with this score crosses the threshold together.
    while (k < n && scores[order[k]!]! === s) {
      if (positive[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push({ fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0, threshold: s });
  }
  return points;
}

/** Area under the whole curve (trapezoids): equals P(score⁺ > score⁻) + ½ P(tie). NaN without both classes. */
export function auroc(curve: readonly RocPoint[]): number {
  const last = curve[curve.length - 1];
  if (!last || last.fpr === 0 || last.tpr === 0) return NaN;
  let area = 0;
  for (let i = 1; i < curve.length; i++) area += ((curve[i]!.fpr - curve[i - 1]!.fpr) * (curve[i]!.tpr + curve[i - 1]!.tpr)) / 2;
  return area;
}

export interface Histogram {
  /** Left edge of the first bin and the bin width. */
  start: number;
  width: number;
  counts: Uint32Array;
}

/** Equal-width bins over [0, max]; values past max go in the last bin. */
export function histogram(values: ArrayLike<number>, max: number, bins: number): Histogram {
  const counts = new Uint32Array(bins);
  const width = max > 0 ? max / bins : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    counts[Math.max(0, Math.min(bins - 1, Math.floor(v / width)))]!++;
  }
  return { start: 0, width, counts };
}
