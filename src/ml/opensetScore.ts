/**
 * The open-set score each loss head rejects by: the distance to the nearest known center where the head keeps centers,
 * else the angle to the nearest known class's weight (fc2's row), since without centers only directions are trained.
 */
import type { LossHead } from './losses/types';
import { rowCosine } from './angles';
import { knownCenterDistances, meanKnownDistance, openSetVerdict, rejectionShares, type Rejection, type Verdict } from './openset';
import { knownWeightCosines } from './opensetCosine';

export type OpenSetScore = 'distance' | 'angle';

export const openSetScoreOf = (head: Pick<LossHead, 'usesCenters'>): OpenSetScore => (head.usesCenters ? 'distance' : 'angle');

/** What a run's features are scored against: its centers (distance) or its class weights (angle), [classes × dim] each. */
export interface ScoreBasis {
  centers: ArrayLike<number>;
  classWeights: ArrayLike<number>;
}

/** Each feature's score, larger for less known: its distance to the nearest known center, or its angle in radians to the nearest known class ray (π for a zero feature). */
export function openSetScores(score: OpenSetScore, features: ArrayLike<number>, basis: ScoreBasis, dim: number, heldOut: number): Float64Array {
  if (score === 'distance') return knownCenterDistances(features, basis.centers, dim, heldOut);
  const cos = knownWeightCosines(features, basis.classWeights, dim, heldOut);
  return cos.map((c) => (Number.isNaN(c) ? Math.PI : Math.acos(Math.min(1, Math.max(-1, c)))));
}

/** The typical score: the mean over known digits (0 without any); the threshold is a multiple of it, so runs of any scale compare. */
export const typicalScore = meanKnownDistance;

/** Rejected as unknown past `scale` typical scores: the shares rejected, the threshold in the score's own unit (an angle is at most π). */
export function rejectionByScore(scores: Float64Array, labels: ArrayLike<number>, heldOut: number, scale: number, score: OpenSetScore): Rejection {
  const raw = scale * typicalScore(scores, labels, heldOut);
  const threshold = score === 'angle' ? Math.min(Math.PI, raw) : raw;
  return rejectionShares(scores.length, (i) => scores[i]! > threshold, labels, heldOut, threshold);
}

/**
 * In 2-D, the directions rejected at an angle threshold: those more than `threshold` from every known class ray, as [from, to]
 * angles in radians (counter-clockwise, from within [0, 2π)); none when the rays' ±threshold wedges cover the circle.
 */
export function rejectedSectors(classWeights: ArrayLike<number>, heldOut: number | null, threshold: number): Array<[number, number]> {
  const TAU = 2 * Math.PI;
  const covered: Array<[number, number]> = [];
  for (let c = 0; c < classWeights.length / 2; c++) {
    const wx = classWeights[2 * c]!, wy = classWeights[2 * c + 1]!;
    if (c === heldOut || (wx === 0 && wy === 0)) continue;
    const a = (Math.atan2(wy, wx) + TAU) % TAU;
    if (threshold >= Math.PI) return [];
    const lo = a - threshold, hi = a + threshold;
    // A wedge across 0 is two pieces on [0, 2π).
    if (lo < 0) covered.push([lo + TAU, TAU], [0, hi]);
    else if (hi > TAU) covered.push([lo, TAU], [0, hi - TAU]);
    else covered.push([lo, hi]);
  }
  if (!covered.length) return [[0, TAU]];
  covered.sort((p, q) => p[0] - q[0]);
  const gaps: Array<[number, number]> = [];
  let reach = 0;
  for (const [lo, hi] of covered) {
    if (lo > reach) gaps.push([reach, lo]);
    reach = Math.max(reach, hi);
  }
  if (reach < TAU) gaps.push([reach, TAU]);
  // A gap through angle 0 is one sector.
  if (gaps.length > 1 && gaps[0]![0] === 0 && gaps[gaps.length - 1]![1] === TAU) {
    const first = gaps.shift()!;
    gaps[gaps.length - 1]![1] = TAU + first[1];
  }
  return gaps;
}

/** One input's open-set verdict in a run's terms: its nearest known class (center or ray) and its score there in typical scores. */
export function scoreVerdict(score: OpenSetScore, feature: ArrayLike<number>, basis: ScoreBasis, dim: number, heldOut: number, typical: number, scale: number): Verdict {
  if (score === 'distance') return openSetVerdict(feature, basis.centers, dim, heldOut, typical, scale);
  const each = perClassScores('angle', feature, basis, dim);
  let nearest = -1;
  for (let c = 0; c < each.length; c++) if (c !== heldOut && (nearest < 0 || each[c]! < each[nearest]!)) nearest = c;
  const ratio = typical > 0 && nearest >= 0 ? each[nearest]! / typical : Infinity;
  return { known: ratio <= scale, nearest, ratio };
}

/** One feature's score against every class: its distance to each center, or its angle in radians to each class's ray. */
export function perClassScores(score: OpenSetScore, feature: ArrayLike<number>, basis: ScoreBasis, dim: number): number[] {
  const rows = score === 'distance' ? basis.centers : basis.classWeights;
  return Array.from({ length: Math.floor(rows.length / dim) }, (_, c) => {
    if (score === 'distance') return Math.hypot(...Array.from({ length: dim }, (_, j) => feature[j]! - rows[c * dim + j]!));
    const cos = rowCosine(feature, 0, rows, c, dim);
    return Number.isNaN(cos) ? Math.PI : Math.acos(Math.min(1, Math.max(-1, cos)));
  });
}
