/** The live capture: a run's training features as its steps computed them, kept up to a capacity, read once, nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { presetConfig } from '../ml/config';
import { gatherImages, type IdxSplit } from '../ml/idx';
import { modelSpec } from '../ml/lenetpp';
import { Trainer } from '../ml/trainer';
import { augmentedDigits, LiveCapture } from './liveCapture';

let train: IdxSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  train = (await loadPreparedMnist()).train;
});

const spec = { ...modelSpec('slim', true), widths: [[4], [4], [8]] };
const hyper = { ...presetConfig('fast').hyper, batchSize: 8 };
const make = () => new Trainer({ spec, hyper, seed: 5, train, heldOutClass: null });

describe('the live capture', () => {
  it('keeps the newest steps up to its capacity, with their labels, and reads them once with the centers after them', async () => {
    const before = tf.memory().numTensors;
    const t = make();
    const capture = new LiveCapture(t, 10);
    // The digits the sampler hands out, from a twin with the same seed.
    const twin = make();
    const batches = [0, 1, 2].map(() => Array.from(twin.sampler.next(8), (i) => train.labels[i]!));
    twin.dispose();
    for (let i = 0; i < 3; i++) t.trainStep();
    const read = (await capture.read())!;
    // 24 points trained, capacity 10: the oldest step goes, the last two stay (the newest whole steps that reach it).
    expect(Array.from(read.labels)).toEqual([...batches[1]!, ...batches[2]!]);
    expect(read.features.length).toBe(16 * spec.featDim);
    expect(read.features.every(Number.isFinite)).toBe(true);
    expect(read.step).toBe(3);
    expect(Array.from(read.centers)).toEqual(Array.from(await t.readCenters()));
    expect(await capture.read()).toBeNull();
    t.trainStep();
    capture.clear();
    expect(await capture.read()).toBeNull();
    capture.dispose();
    // Detached: the trainer releases each step's features itself again.
    t.trainStep();
    expect(t.featureSink).toBeNull();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('hands over the features of the step itself: the same values a forward pass of the model before that step gives', async () => {
    const t = make();
    const capture = new LiveCapture(t, 100);
    t.trainStep();
    await capture.read();
    // The images of step 1's batch, and the model as it stood before step 1.
    const twin = make();
    twin.sampler.next(8);
    const idx = twin.sampler.next(8);
    twin.dispose();
    const expected = await t.embed(gatherImages(train, idx), idx.length);
    t.trainStep();
    const read = (await capture.read())!;
    const worst = Math.max(...Array.from(read.features, (v, i) => Math.abs(v - expected.features[i]!)));
    expect(worst).toBeLessThan(1e-5);
    capture.dispose();
    t.dispose();
  });

  it('shows the last batch’s digits only where augmentation changes them', () => {
    const plain = make();
    const warped = new Trainer({ spec, hyper: { ...hyper, augRotate: 15 }, seed: 5, train, heldOutClass: null });
    expect(augmentedDigits(warped)).toBeNull();
    plain.trainStep();
    warped.trainStep();
    expect(augmentedDigits(plain)).toBeNull();
    const seen = augmentedDigits(warped)!;
    expect([seen.step, seen.labels.length, seen.images.length]).toEqual([0, 8, 8 * 784]);
    plain.dispose();
    warped.dispose();
  });
});
