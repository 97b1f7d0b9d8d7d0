/** A well-formed SavedSession without training: every tensor the size the model needs, filled with a marker value. */
import { modelSpec, paramInfos } from '../src/ml/architecture';
import { runLambdas, type RunConfig } from '../src/ml/config';
import { MNIST } from '../src/ml/datasetSpec';
import { datasetRefOf } from '../src/ml/formats';
import { bufferNames } from '../src/ml/optimizerState';
import { SAVE_VERSION, type SavedSession } from '../src/ml/savedSession';

export function fakeSave(config: RunConfig, step: number, fill = 0.5): SavedSession {
  const spec = modelSpec('slim', config.fc2Bias);
  const tensors = () => Object.fromEntries(paramInfos(spec).map((p) => [p.name, new Float32Array(p.shape.reduce((a, b) => a * b, 1)).fill(fill)]));
  const kind = config.hyper.optimizer;
  return {
    version: SAVE_VERSION,
    config,
    model: spec,
    dataset: datasetRefOf(MNIST),
    step,
    sampler: { epoch: 0, cursor: step * config.hyper.batchSize },
    runs: runLambdas(config).map(() => ({ params: tensors(), optimizer: { kind, step, buffers: Object.fromEntries(bufferNames(kind).map((b) => [b, tensors()])) }, centers: new Float32Array(20).fill(fill) })),
  };
}
