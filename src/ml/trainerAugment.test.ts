/** Augmented training: the same images for every run of a seed, the step's own transforms, nothing leaked, and no change when off. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { augmentBatch } from './augment';
import { presetConfig, type Hyper } from './config';
import { modelSpec } from './lenetpp';
import { gatherImages, normalizeInto, type IdxSplit } from './idx';
import { Trainer } from './trainer';

let train: IdxSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  train = (await loadPreparedMnist()).train;
});

const base: Hyper = { ...presetConfig('fast').hyper, batchSize: 8 };
const AUG = { augRotate: 15, augShift: 2, augScale: 0.1 };
const tinySpec = { ...modelSpec('slim', true), widths: [[4], [4], [8]] };
const make = (hyper: Hyper, seed = 1) => new Trainer({ spec: tinySpec, hyper, seed, pool: 'native', train, heldOutClass: null });

async function trained(hyper: Hyper, steps: number, seed = 1): Promise<Map<string, Float32Array>> {
  const t = make(hyper, seed);
  for (let i = 0; i < steps; i++) t.trainStep();
  const params = await t.readParams();
  t.dispose();
  return params;
}

const background = normalizeInto(Uint8Array.of(0), new Float32Array(1))[0]!;

describe('training on augmented batches', () => {
  it('shows the network the batch warped with the transforms of the seed and the step, background filled', () => {
    const t = make({ ...base, ...AUG }, 3);
    expect(t.batches.lastBatchImages(4)).toBeNull();
    t.trainStep();
    t.trainStep();
    const seen = t.batches.lastBatchImages(4)!;
    expect(seen.step).toBe(1);
    // The second batch of seed 3, gathered and warped independently of the trainer.
    const fresh = make(base, 3);
    fresh.sampler.next(8);
    const idx = fresh.sampler.next(8).subarray(0, 4);
    const expected = gatherImages(train, idx);
    augmentBatch(expected, 4, 28, { rotate: 15, shift: 2, scale: 0.1 }, 3, 1, background);
    expect(seen.images).toEqual(expected);
    expect(seen.images).not.toEqual(gatherImages(train, idx));
    expect([...seen.labels]).toEqual(Array.from(idx, (i) => train.labels[i]));
    // A change of the settings after the step does not change what that step saw.
    t.setHyper({ augRotate: 0, augShift: 0, augScale: 0 });
    expect(t.batches.lastBatchImages(4)!.images).toEqual(expected);
    t.dispose();
    fresh.dispose();
  });

  it('gives runs of one seed the same images whatever their λ (lockstep), and the same weights at the same λ', async () => {
    const runs = [make({ ...base, ...AUG, lambda: 0 }), make({ ...base, ...AUG, lambda: 1 })];
    for (let i = 0; i < 3; i++) {
      runs.forEach((r) => r.trainStep());
      expect(runs[0]!.batches.lastBatchImages(8)).toEqual(runs[1]!.batches.lastBatchImages(8));
    }
    runs.forEach((r) => r.dispose());
    const [a, b] = [await trained({ ...base, ...AUG }, 4), await trained({ ...base, ...AUG }, 4)];
    for (const [name, v] of a) expect(b.get(name), name).toEqual(v);
  });

  it('changes training when on, and trains exactly as without the settings when they are 0', async () => {
    const plain = await trained(base, 3);
    const zeros = await trained({ ...base, augRotate: 0, augShift: 0, augScale: 0 }, 3);
    const augmented = await trained({ ...base, ...AUG }, 3);
    for (const [name, v] of plain) expect(zeros.get(name), name).toEqual(v);
    expect(augmented.get('fc1.weight')).not.toEqual(plain.get('fc1.weight'));
  });

  it('leaks no tensors', () => {
    const t = make({ ...base, ...AUG });
    t.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) t.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
});
