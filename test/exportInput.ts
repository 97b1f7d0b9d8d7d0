/** A complete export of an untrained model, and the values it is made of: shared by the weights file's tests. */
import { presetConfig } from '../src/ml/config';
import { MNIST } from '../src/ml/datasetSpec';
import { initialValues, type ModelSpec } from '../src/ml/lenetpp';
import { evalMetrics, type EvalMetrics } from '../src/ml/metrics';
import { createRng, type Rng } from '../src/ml/rng';
import { initialCenters } from '../src/ml/trainer';
import { PROBE_COUNT, type ExportInput } from '../src/ml/weights';

export const randomArray = (n: number, rng: Rng) => Float32Array.from({ length: n }, () => 2 * rng.next() - 1);

/** Real metrics of made-up features (every field evalMetrics gives, however many it grows). */
export const METRICS: EvalMetrics = (() => {
  const rng = createRng(21);
  const n = 200;
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const centers = Float32Array.from({ length: 20 }, (_, k) => 3 * Math.cos(k) + (k % 2));
  const features = Float32Array.from({ length: 2 * n }, (_, k) => centers[labels[k >> 1]! * 2 + (k % 2)]! + 0.3 * (2 * rng.next() - 1));
  const logits = Float32Array.from({ length: 10 * n }, () => rng.next());
  return evalMetrics(features, logits, labels, centers, 2, 10);
})();

/** A complete export of an untrained model: real widths (the schema checks them), no training needed. */
export function exportInput(spec: ModelSpec, seed = 1): ExportInput {
  const rng = createRng(seed);
  return {
    spec,
    dataset: MNIST,
    params: initialValues(spec, rng),
    centers: initialCenters(spec, rng),
    hyper: presetConfig('fast').hyper,
    training: { step: 123, epoch: 0, cursor: 123 * 128, seed, backend: 'wasm', heldOutClass: null },
    metrics: { ...METRICS, step: 123, evalIndices: Array.from({ length: METRICS.count }, (_, i) => 50 * i) },
    probe: {
      testIndices: Array.from({ length: PROBE_COUNT }, (_, i) => i),
      features: randomArray(PROBE_COUNT * spec.featDim, rng),
      logits: randomArray(PROBE_COUNT * spec.numClasses, rng),
    },
  };
}
