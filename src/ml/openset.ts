/** Open-set rejection by distance to the nearest known center: compact clusters make unknown digits separable. */

export interface Rejection {
  /** Distance beyond which a digit is rejected as unknown. */
  threshold: number;
  /** Share of held-out (unknown) digits rejected. */
  unknownRejected: number;
  /** Share of known digits wrongly rejected. */
  knownRejected: number;
}

/** Distance of each feature to the nearest center of a class seen in training. */
export function knownCenterDistances(features: ArrayLike<number>, centers: ArrayLike<number>, dim: number, heldOut: number): Float64Array {
  const n = features.length / dim;
  const classes = centers.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let c = 0; c < classes; c++) {
      if (c === heldOut) continue; // never trained: its center is still where it was drawn
      let d = 0;
      for (let k = 0; k < dim; k++) d += (features[i * dim + k]! - centers[c * dim + k]!) ** 2;
      best = Math.min(best, d);
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

/** The shares of unknown (held-out) and known digits that `rejected` turns away, at `threshold`. */
export function rejectionShares(count: number, rejected: (i: number) => boolean, labels: ArrayLike<number>, heldOut: number, threshold: number): Rejection {
  let unknown = 0, unknownRej = 0, known = 0, knownRej = 0;
  for (let i = 0; i < count; i++) {
    const r = rejected(i);
    if (labels[i] === heldOut) {
      unknown++;
      if (r) unknownRej++;
    } else {
      known++;
      if (r) knownRej++;
    }
  }
  return { threshold, unknownRejected: unknown ? unknownRej / unknown : 0, knownRejected: known ? knownRej / known : 0 };
}

const rates = (dist: Float64Array, labels: ArrayLike<number>, heldOut: number, threshold: number): Rejection =>
  rejectionShares(dist.length, (i) => dist[i]! > threshold, labels, heldOut, threshold);

/** The typical distance: the mean distance of known digits to their nearest known center (0 without any). */
export function meanKnownDistance(dist: ArrayLike<number>, labels: ArrayLike<number>, heldOut: number): number {
  let sum = 0, n = 0;
  for (let i = 0; i < dist.length; i++) {
    if (labels[i] === heldOut) continue;
    sum += dist[i]!;
    n++;
  }
  return n ? sum / n : 0;
}

/** Threshold = scale × the mean distance of known digits, so runs with different feature scales compare fairly. */
export function rejectionAtScale(features: ArrayLike<number>, centers: ArrayLike<number>, labels: ArrayLike<number>, dim: number, heldOut: number, scale: number): Rejection {
  const dist = knownCenterDistances(features, centers, dim, heldOut);
  return rates(dist, labels, heldOut, scale * meanKnownDistance(dist, labels, heldOut));
}

/** One input's open-set verdict: its nearest known center, and its distance there in typical distances. */
export interface Verdict {
  known: boolean;
  /** The nearest known center's digit. */
  nearest: number;
  /** Distance to it over the typical distance. */
  ratio: number;
}

/** heldOut −1: every center is known. Rejected (unknown) past scale typical distances, as in rejectionAtScale. */
export function openSetVerdict(feature: ArrayLike<number>, centers: ArrayLike<number>, dim: number, heldOut: number, typical: number, scale: number): Verdict {
  let nearest = -1, best = Infinity;
  for (let c = 0; c < centers.length / dim; c++) {
    if (c === heldOut) continue;
    let d = 0;
    for (let k = 0; k < dim; k++) d += (feature[k]! - centers[c * dim + k]!) ** 2;
    if (d < best) {
      best = d;
      nearest = c;
    }
  }
  const ratio = typical > 0 ? Math.sqrt(best) / typical : Infinity;
  return { known: ratio <= scale, nearest, ratio };
}

/** The threshold that wrongly rejects the given share of known digits, and what it does to the unknown ones. */
export function rejectionAtFalseRate(features: ArrayLike<number>, centers: ArrayLike<number>, labels: ArrayLike<number>, dim: number, heldOut: number, falseRate: number): Rejection {
  const dist = knownCenterDistances(features, centers, dim, heldOut);
  const known = Array.from(dist).filter((_, i) => labels[i] !== heldOut).sort((a, b) => a - b);
  const threshold = known.length ? known[Math.min(known.length - 1, Math.floor((1 - falseRate) * known.length))]! : 0;
  return rates(dist, labels, heldOut, threshold);
}
