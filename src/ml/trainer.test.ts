import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { presetConfig } from './config';
import { initialValues, modelSpec, paramInfos, parameterCount, PRELU_INIT } from './lenetpp';
import type { IdxSplit } from './idx';
import { createRng, deriveRng } from './rng';
import { initialCenters, Trainer } from './trainer';

let train: IdxSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  train = (await loadPreparedMnist()).train;
});

const tinyHyper = { ...presetConfig('fast').hyper, batchSize: 8 };
// The mechanics do not depend on the widths: a tiny LeNet++ keeps the cpu backend fast.
const tinySpec = { ...modelSpec('slim', true), widths: [[4], [4], [8]] };
const make = (seed = 1, hyper = tinyHyper) => new Trainer({ spec: tinySpec, hyper, seed, pool: 'native', train, heldOutClass: null });

describe('initialisation', () => {
  it('matches PyTorch defaults: U(±1/√fan_in), PReLU 0.25', () => {
    const spec = modelSpec('full', true);
    const values = initialValues(spec, createRng(7));
    for (const p of paramInfos(spec)) {
      const v = values.get(p.name)!;
      expect(v.length).toBe(p.shape.reduce((a, b) => a * b, 1));
      if (p.fanIn === undefined) {
        expect([...v]).toEqual([PRELU_INIT]);
        continue;
      }
      const bound = 1 / Math.sqrt(p.fanIn);
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of v) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      expect(lo).toBeGreaterThanOrEqual(-bound);
      expect(hi).toBeLessThanOrEqual(bound);
      // Large tensors fill the interval: the bound is the right one, not a smaller one.
      if (v.length > 1000) expect(hi - lo).toBeGreaterThan(1.9 * bound);
    }
    // About 0.80 M parameters, as the method says.
    expect(parameterCount(spec)).toBeGreaterThan(0.79e6);
    expect(parameterCount(spec)).toBeLessThan(0.82e6);
  });

  it('draws centers from N(0, 1)', () => {
    const spec = { ...modelSpec('slim', true), numClasses: 5000 };
    const c = initialCenters(spec, deriveRng(3, 2));
    const mean = c.reduce((a, b) => a + b, 0) / c.length;
    const std = Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / c.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });
});

describe('training steps', () => {
  it('are deterministic for a seed: same weights, same batches, same losses', async () => {
    const a = make(5);
    const b = make(5);
    const c = make(6);
    const pa = await a.readParams();
    const pb = await b.readParams();
    const pc = await c.readParams();
    expect(pa.get('conv1_1.weight')).toEqual(pb.get('conv1_1.weight'));
    expect(pa.get('conv1_1.weight')).not.toEqual(pc.get('conv1_1.weight'));
    const batchesA = [a.sampler.next(8), a.sampler.next(8)];
    const batchesB = [b.sampler.next(8), b.sampler.next(8)];
    expect(batchesA).toEqual(batchesB);
    a.sampler.restore({ epoch: 0, cursor: 0 });
    b.sampler.restore({ epoch: 0, cursor: 0 });
    for (let i = 0; i < 3; i++) {
      a.trainStep();
      b.trainStep();
    }
    const [wa, wb] = await Promise.all([a.readWindow(), b.readWindow()]);
    expect(wa.total).toBe(wb.total);
    expect(await a.readCenters()).toEqual(await b.readCenters());
    [a, b, c].forEach((t) => t.dispose());
  });

  it('leak no tensors over 20 steps, and none once disposed', async () => {
    const start = tf.memory().numTensors;
    const t = make(1);
    t.trainStep();
    await t.readWindow();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      t.trainStep();
      if (i % 5 === 4) await t.readWindow();
      expect(tf.memory().numTensors).toBe(before);
    }
    const snap = t.snapshot();
    t.restore(snap);
    const { disposeSnapshot } = await import('./trainer');
    disposeSnapshot(snap);
    await t.embed(new Float32Array(3 * 784), 3, 2);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('change λ, α, lr, the rule and the batch size at the next step', async () => {
    const t = make(2);
    t.trainStep();
    await t.readWindow();
    t.setHyper({ batchSize: 4, lambda: 0, rule: 'paper', alpha: 0.1, lr: 0.01 });
    expect(t.lr).toBeLessThan(0.01); // warm-up scales the new peak
    t.trainStep();
    const w = await t.readWindow();
    expect(w.images).toBe(4);
    expect(w.total).toBeCloseTo(w.ce, 6); // λ = 0: total is the softmax loss
    expect(w.centerLoss).toBeGreaterThan(0); // still measured, and the centers still learn
    t.dispose();
  });

});

describe('frozen stages', () => {
  const changed = (a: Map<string, Float32Array>, b: Map<string, Float32Array>) => [...a.keys()].filter((k) => a.get(k)!.some((v, i) => v !== b.get(k)![i]));

  it('leave the first conv stages exactly as they started while the rest learns, and leak nothing', async () => {
    const t = make(3, { ...tinyHyper, frozenStages: 2 });
    const before = await t.readParams();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) t.trainStep();
    await t.readWindow();
    expect(tf.memory().numTensors).toBe(tensors);
    const moved = changed(before, await t.readParams());
    expect(moved.filter((k) => /^(conv|prelu)[12]_/.test(k))).toEqual([]);
    expect(moved).toEqual(expect.arrayContaining(['conv3_1.weight', 'conv3_1.bias', 'fc1.weight', 'fc2.weight']));
    t.dispose();
  });

  it('change nothing in the gradients of the layers that learn: without clipping, their first step is the full network’s', async () => {
    const hyper = { ...tinyHyper, clip: 0 };
    const full = make(5, hyper);
    const part = make(5, { ...hyper, frozenStages: 2 });
    full.trainStep();
    part.trainStep();
    const [a, b] = [await full.readParams(), await part.readParams()];
    for (const name of ['conv3_1.weight', 'conv3_1.bias', 'prelu3_1.weight', 'fc1.weight', 'fc2.weight']) {
      const [x, y] = [a.get(name)!, b.get(name)!];
      for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]!, 6);
    }
    full.dispose();
    part.dispose();
  });

  it('embed the same set from their kept output as the whole network would, step after step, and release it', async () => {
    const tensors = tf.memory().numTensors;
    const t = make(4, { ...tinyHyper, frozenStages: 2 });
    const images = new Float32Array(60 * 784).map((_, i) => Math.sin(i) * 2);
    await t.embed(images, 60, 25);
    for (let i = 0; i < 3; i++) t.trainStep();
    const kept = await t.embed(images, 60, 25);
    t.setHyper({ frozenStages: 0 });
    const whole = await t.embed(images, 60, 25);
    for (let i = 0; i < whole.features.length; i++) expect(kept.features[i]).toBeCloseTo(whole.features[i]!, 5);
    for (let i = 0; i < whole.logits.length; i++) expect(kept.logits[i]).toBeCloseTo(whole.logits[i]!, 5);
    t.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('are none by default: every layer learns', async () => {
    const t = make(3);
    const before = await t.readParams();
    for (let i = 0; i < 3; i++) t.trainStep();
    expect(changed(before, await t.readParams())).toEqual(expect.arrayContaining(['conv1_1.weight', 'conv2_1.weight', 'conv3_1.weight']));
    t.dispose();
  });
});
