/** The messages that describe the runs as a whole: the model shown ('ready') and where a drawn digit lands in each run ('probed'). No DOM. */
import { computeThreads, type BackendDecision } from '../ml/backend';
import type { RunConfig } from '../ml/config';
import type { LoadedMnist } from '../ml/dataset';
import type { EvalSet } from '../ml/headless';
import { parameterCount } from '../ml/lenetpp';
import { softmax } from '../ml/metrics';
import { classCounts, normalizeInto, PIXELS } from '../ml/mnist';
import type { Trainer } from '../ml/trainer';
import type { ProbeResult, RunInfo, WorkerToUi } from './protocol';

type RunWithTrainer = RunInfo & { trainer: Trainer };

/** 'ready' for the runs now built: backend, config, step and epoch, the eval subset's pixels, the class counts trained on. */
export function readyMessage(runs: readonly RunWithTrainer[], decision: BackendDecision, config: RunConfig, data: LoadedMnist, set: EvalSet): Extract<WorkerToUi, { type: 'ready' }> {
  const t = runs[0]!.trainer;
  const spec = t.spec;
  const evalPixels = new Uint8Array(set.indices.length * PIXELS);
  set.indices.forEach((i, k) => evalPixels.set(data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
  const held = config.heldOutClass;
  return {
    type: 'ready',
    backend: { backend: decision.backend, why: decision.why, seen: decision.seen, adapter: decision.adapter, realGpu: decision.realGpu, variant: spec.variant, parameters: parameterCount(spec), threads: computeThreads(decision.backend) },
    config,
    step: t.step,
    epoch: t.epoch + t.sampler.cursor / t.sampler.size,
    evalIndices: set.indices.slice(),
    evalLabels: set.labels.slice(),
    evalPixels,
    trainClassCounts: classCounts(held === null ? data.train.labels : data.train.labels.filter((y) => y !== held)),
    runs: runs.map(({ id, lambda, followsLambda }) => ({ id, lambda, followsLambda })),
  };
}

/** A drawn digit (28×28 raw pixels) through every run with its live weights: its feature, class probabilities and the centers. */
export async function probeRuns(runs: readonly RunWithTrainer[], pixels: Uint8Array): Promise<ProbeResult[]> {
  const image = normalizeInto(pixels, new Float32Array(PIXELS));
  const results: ProbeResult[] = [];
  for (const r of runs) {
    const [{ features, logits }, centers] = await Promise.all([r.trainer.embed(image, 1, 1), r.trainer.readCenters()]);
    results.push({ run: r.id, step: r.trainer.step, feature: [features[0]!, features[1]!], probabilities: softmax(logits), centers: centers.slice() });
  }
  return results;
}
