/** SGD with momentum, Adam and AdamW as the Trainer takes them, against three steps of torch.optim (test/reference/optimizers.json). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, loadReference } from '../../test/reference';
import { modelSpec, paramInfos } from './architecture';
import { presetConfig, type Hyper, type OptimizerKind, type Schedule } from './config';
import type { IdxSplit } from './idx';
import { bufferNames } from './optimizerState';
import { Trainer } from './trainer';
import { fromTorch, toTorch } from './weights';

interface Golden {
  inputs: { pixels: number[]; labels: number[]; centers: number[]; params: Record<string, { shape: number[]; data: number[] }>; lambda: number; alpha: number; clip: number; batchSize: number; schedule: Schedule };
  cases: Array<{
    optimizer: OptimizerKind;
    lr: number;
    momentum: number;
    weightDecay: number;
    steps: Array<{ lr: number; params: Record<string, number[]>; centers: number[] }>;
    state: Record<string, Record<string, number[]>>;
  }>;
}

const golden = loadReference<Golden>('optimizers.json');
const spec = { ...modelSpec('slim', true), widths: [[4], [4], [8]] };
const { inputs } = golden;
// One batch of eight digits: every step trains on all of them (the order within a batch does not change its mean).
const train: IdxSplit = { split: 'train', count: inputs.labels.length, pixels: Uint8Array.from(inputs.pixels), labels: Uint8Array.from(inputs.labels) };
const values = new Map(paramInfos(spec).map((p) => [p.name, fromTorch(spec, p.name, p.shape, Float32Array.from(inputs.params[p.name]!.data))]));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(golden.cases)('$optimizer against torch.optim', (c) => {
  const hyper: Hyper = {
    ...presetConfig('fast').hyper,
    optimizer: c.optimizer,
    lr: c.lr,
    momentum: c.momentum,
    weightDecay: c.weightDecay,
    lambda: inputs.lambda,
    alpha: inputs.alpha,
    clip: inputs.clip,
    batchSize: inputs.batchSize,
    schedule: inputs.schedule,
    rule: 'reference',
  };

  it('every parameter and center after each of three steps, and the optimizer state after the last', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer({ spec, hyper, seed: 1, train, heldOutClass: null, values, centers: Float32Array.from(inputs.centers) });
    for (const step of c.steps) {
      expect(t.lr).toBeCloseTo(step.lr, 12);
      t.trainStep();
      const params = await t.readParams();
      for (const p of paramInfos(spec)) expectClose(toTorch(spec, p.name, p.shape, params.get(p.name)!), step.params[p.name]!, 1e-4, 1e-6);
      expectClose(await t.readCenters(), step.centers, 1e-4, 1e-6);
    }
    const state = await t.readOptimizer();
    expect(state).toMatchObject({ kind: c.optimizer, step: c.steps.length });
    for (const b of bufferNames(c.optimizer)) {
      for (const p of paramInfos(spec)) expectClose(toTorch(spec, p.name, p.shape, state.buffers[b]![p.name]!), c.state[p.name]![b]!, 1e-4, 1e-7);
    }
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the three optimizers', () => {
  it('move the weights differently from the same start (the golden values tell them apart)', () => {
    const last = (k: OptimizerKind) => golden.cases.find((c) => c.optimizer === k)!.steps.at(-1)!.params['fc1.weight']!;
    expect(last('adam')).not.toEqual(last('adamw'));
    expect(last('sgd')).not.toEqual(last('adam'));
  });
});
