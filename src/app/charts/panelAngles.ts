/** A panel's angular figures from the snapshot it draws, once per snapshot: the caption and the metrics read them. */
import { leastWeightAngle, meanAngleToWeight } from '../../ml/angles';
import type { AngularFigures } from '../panels/lossWords';
import type { EmbeddingState, Snapshot } from '../store/embedding';

const cache = new WeakMap<Snapshot, Omit<AngularFigures, 'margin'>>();

/** The snapshot's own class weights, else the run's latest (a snapshot from before they were sent). */
export function panelAngles(snap: Snapshot, e: Pick<EmbeddingState, 'current'>, labels: Uint8Array, dim: number, heldOut: number | null, margin: number | null): AngularFigures | null {
  const weights = snap.classWeights ?? e.current?.classWeights;
  if (!weights || weights.length === 0 || snap.features.length !== labels.length * dim) return null;
  let f = cache.get(snap);
  if (!f) {
    f = { meanAngle: meanAngleToWeight(snap.features, labels, weights, dim, heldOut), leastWeightAngle: leastWeightAngle(weights, dim, heldOut).angle };
    cache.set(snap, f);
  }
  return { ...f, margin };
}
