/** A snapshot's typical open-set score (the mean over known digits, opensetScore.ts), computed once per snapshot and score: the scatter's threshold is a multiple of it. */
import { openSetScores, typicalScore, type OpenSetScore } from '../../ml/opensetScore';
import type { Snapshot } from '../store/embedding';

const caches: Record<OpenSetScore, WeakMap<Snapshot, number>> = { distance: new WeakMap(), angle: new WeakMap() };

/** By distance, to the nearest known center; by angle (radians), to the nearest known class ray, which needs the snapshot's class weights. */
export function typicalOf(score: OpenSetScore, snap: Snapshot, labels: Uint8Array, heldOut: number | null, dim: number): number {
  const cache = caches[score];
  let t = cache.get(snap);
  if (t === undefined) {
    const h = heldOut ?? -1;
    t = typicalScore(openSetScores(score, snap.features, { centers: snap.centers, classWeights: snap.classWeights ?? new Float32Array(0) }, dim, h), labels, h);
    cache.set(snap, t);
  }
  return t;
}
