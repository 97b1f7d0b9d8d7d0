/** Open-set rejection by cosine: a feature whose direction is near no known class's weight vector is unknown, whatever its length. */
import { rowCosine } from './angles';
import { rejectionShares } from './openset';
import { auroc, rocCurve } from './roc';

/** Each feature's greatest cosine to the weight vector of a class seen in training (−1..1; NaN for a zero feature). */
export function knownWeightCosines(features: ArrayLike<number>, weights: ArrayLike<number>, dim: number, heldOut: number | null): Float64Array {
  const n = Math.floor(features.length / dim);
  const classes = Math.floor(weights.length / dim);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = NaN;
    for (let c = 0; c < classes; c++) {
      if (c === heldOut) continue; // never trained: its weight row says nothing about the class
      const cos = rowCosine(features, i, weights, c, dim);
      if (!(cos <= best)) best = cos;
    }
    out[i] = best;
  }
  return out;
}

export interface CosineOpenSet {
  /** Known digits rejected and unknown ones rejected at a threshold on the greatest cosine. */
  threshold: number;
  unknownRejected: number;
  knownRejected: number;
}

/** Rejected as unknown below `threshold` (a cosine): the shares of unknown and known digits rejected. */
export function cosineRejection(features: ArrayLike<number>, weights: ArrayLike<number>, labels: ArrayLike<number>, dim: number, heldOut: number, threshold: number): CosineOpenSet {
  const cos = knownWeightCosines(features, weights, dim, heldOut);
  // A zero feature has no direction: it is near no class.
  return rejectionShares(cos.length, (i) => !(cos[i]! >= threshold), labels, heldOut, threshold);
}

/** The AUROC of telling the held-out class from the known ones by 1 − greatest cosine (1: perfectly apart, 0.5: chance); NaN without both. */
export function cosineAuroc(features: ArrayLike<number>, weights: ArrayLike<number>, labels: ArrayLike<number>, dim: number, heldOut: number): number {
  const cos = knownWeightCosines(features, weights, dim, heldOut);
  const scores = Array.from(cos, (c) => (Number.isNaN(c) ? 2 : 1 - c));
  const positive = Array.from(labels, (y) => y === heldOut);
  if (!positive.some(Boolean) || positive.every(Boolean)) return NaN;
  return auroc(rocCurve(scores, positive));
}
