/**
 * Evaluation and the weights export for a Trainer, with no UI around it: shared by the Node CLI
 * (scripts/train.ts) and usable by the worker session. No DOM, no node: imports.
 */
import type { BackendName } from './config';
import type { DatasetSpec } from './datasetSpec';
import { evalMetrics, type EvalMetrics } from './metrics';
import { gatherImages, type MnistSplit } from './mnist';
import { lossOf } from './losses/registry';
import { classMeans } from './softmaxStart';
import type { Trainer } from './trainer';
import { buildWeightsFile, PROBE_COUNT, type WeightsFile } from './weights';

/** Test digits to evaluate on: their indices in the test split, labels and normalised images. */
export interface EvalSet {
  indices: Uint32Array;
  labels: Uint8Array;
  images: Float32Array;
}

export function makeEvalSet(test: MnistSplit, indices: Uint32Array): EvalSet {
  return { indices, labels: Uint8Array.from(indices, (i) => test.labels[i]!), images: gatherImages(test, indices) };
}

export interface Evaluation {
  metrics: EvalMetrics;
  features: Float32Array;
  logits: Float32Array;
  centers: Float32Array;
}

/**
 * Features and logits of the eval set, the centers, and the cluster metrics. A head without centers is measured against the class
 * means of these features: its figures then depend on its weights alone, as its file does.
 */
export async function evaluateTrainer(trainer: Trainer, set: EvalSet, chunk = 250): Promise<Evaluation> {
  const [{ features, logits }, tracked] = await Promise.all([trainer.embed(set.images, set.indices.length, chunk), trainer.readCenters()]);
  const centers = lossOf(trainer.hyper).usesCenters ? tracked : classMeans(features, set.labels, trainer.spec.numClasses, trainer.spec.featDim);
  const metrics = evalMetrics(features, logits, set.labels, centers, trainer.spec.featDim, trainer.spec.numClasses, trainer.heldOutClass);
  return { metrics, features, logits, centers };
}

/**
 * The export the app writes: parameters in PyTorch layout, centers, settings, the probe (the first
 * PROBE_COUNT test digits), and metrics computed now from these very weights on `evalSet` (none without one).
 */
export async function exportTrainer(trainer: Trainer, opts: { test: MnistSplit; backend: BackendName; evalSet: EvalSet | null; chunk?: number; dataset: Pick<DatasetSpec, 'id' | 'name' | 'classNames'> }): Promise<WeightsFile> {
  const probeIdx = Array.from({ length: PROBE_COUNT }, (_, i) => i);
  const probeImages = gatherImages(opts.test, probeIdx);
  const set = opts.evalSet;
  const [params, centers, probe, evaluation] = await Promise.all([
    trainer.readParams(),
    trainer.readCenters(),
    trainer.embed(probeImages, PROBE_COUNT),
    set ? evaluateTrainer(trainer, set, opts.chunk) : null,
  ]);
  return buildWeightsFile({
    spec: trainer.spec,
    dataset: opts.dataset,
    params,
    centers,
    hyper: trainer.hyper,
    training: {
      step: trainer.step,
      epoch: trainer.epoch,
      cursor: trainer.sampler.cursor,
      seed: trainer.seed,
      backend: opts.backend,
      heldOutClass: trainer.heldOutClass,
    },
    metrics: set && evaluation && { ...evaluation.metrics, step: trainer.step, evalIndices: Array.from(set.indices) },
    probe: { testIndices: probeIdx, features: probe.features, logits: probe.logits },
  });
}
