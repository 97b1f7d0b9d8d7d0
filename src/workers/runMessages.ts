/** The messages that describe the runs as a whole: the model shown ('ready') and where a drawn digit lands in each run ('probed'). No DOM. */
import { computeThreads, type BackendDecision } from '../ml/backend';
import type { RunConfig } from '../ml/config';
import type { LoadedDataset } from '../ml/dataset';
import { numClassesOf } from '../ml/datasetSpec';
import { evaluateTrainer, type EvalSet } from '../ml/headless';
import { parameterCount } from '../ml/lenetpp';
import { argmaxRows, softmax } from '../ml/metrics';
import { classCounts, normalizeInto, PIXELS, type Normalisation } from '../ml/idx';
import type { Trainer } from '../ml/trainer';
import type { ProbeResult, ReadyHistory, RunInfo, WorkerToUi } from './protocol';

type RunWithTrainer = RunInfo & { trainer: Trainer };

/** 'dataset': the counts, the download, and a few test digits for the page to show. */
export function datasetMessage(data: LoadedDataset, loadMs: number): Extract<WorkerToUi, { type: 'dataset' }> {
  const { train, test, bytes, spec } = data;
  const n = numClassesOf(spec);
  const sample = Math.min(48, test.count);
  return {
    type: 'dataset',
    info: {
      spec,
      trainCount: train.count,
      testCount: test.count,
      trainClassCounts: classCounts(train.labels, n),
      testClassCounts: classCounts(test.labels, n),
      bytes,
      loadMs,
      samplePixels: test.pixels.slice(0, sample * PIXELS),
      sampleLabels: test.labels.slice(0, sample),
    },
  };
}

/** 'ready' for the runs now built: backend, config, step and epoch, the eval subset's pixels, the class counts trained on. */
export function readyMessage(runs: readonly RunWithTrainer[], decision: BackendDecision, config: RunConfig, data: LoadedDataset, set: EvalSet, history: ReadyHistory): Extract<WorkerToUi, { type: 'ready' }> {
  const t = runs[0]!.trainer;
  const spec = t.spec;
  const evalPixels = new Uint8Array(set.indices.length * PIXELS);
  set.indices.forEach((i, k) => evalPixels.set(data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
  const held = config.heldOutClass;
  return {
    type: 'ready',
    backend: { backend: decision.backend, why: decision.why, seen: decision.seen, adapter: decision.adapter, realGpu: decision.realGpu, variant: spec.variant, parameters: parameterCount(spec), threads: computeThreads(decision.backend) },
    config,
    history,
    step: t.step,
    epoch: t.epoch + t.sampler.cursor / t.sampler.size,
    evalIndices: set.indices.slice(),
    evalLabels: set.labels.slice(),
    evalPixels,
    trainClassCounts: classCounts(held === null ? data.train.labels : data.train.labels.filter((y) => y !== held), numClassesOf(data.spec)),
    runs: runs.map(({ id, loss, overrides, lambda, followsLambda, title }) => ({ id, loss, overrides, lambda, followsLambda, title })),
  };
}

/** A drawn digit (28×28 raw pixels) through every run with its live weights: its feature, class probabilities and the centers. */
export async function probeRuns(runs: readonly RunWithTrainer[], pixels: Uint8Array, norm?: Normalisation): Promise<ProbeResult[]> {
  const image = normalizeInto(pixels, new Float32Array(PIXELS), 0, norm);
  const results: ProbeResult[] = [];
  for (const r of runs) {
    const [{ features, logits }, centers] = await Promise.all([r.trainer.embed(image, 1, 1), r.trainer.readCenters()]);
    results.push({ run: r.id, step: r.trainer.step, feature: Array.from(features.subarray(0, r.trainer.spec.featDim)), probabilities: softmax(logits), centers: centers.slice() });
  }
  return results;
}

/** One run's metrics and embedding of the eval subset, at its step. */
export async function embedMessages(r: RunWithTrainer, set: EvalSet, chunk: number): Promise<WorkerToUi[]> {
  const [{ metrics, features, logits, centers }, classWeights] = await Promise.all([evaluateTrainer(r.trainer, set, chunk), r.trainer.readClassWeights()]);
  const step = r.trainer.step;
  return [
    { type: 'evalMetrics', run: r.id, step, metrics },
    { type: 'embedding', run: r.id, step, features, predictions: argmaxRows(logits, r.trainer.spec.numClasses), centers: centers.slice(), classWeights },
  ];
}
