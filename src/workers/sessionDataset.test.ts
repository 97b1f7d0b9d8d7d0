/** The worker's data: dropped IDX files at init, a swap to another set that keeps the runs on any fault, class names, any class count. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { unpack } from '../ml/bufferPack';
import type { SavedSession } from '../ml/savedSession';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { asFiles, bufferOf, syntheticSet } from '../../test/idxSets';
import { malformedCorpus } from '../../test/idxCorpus';
import { harness } from '../../test/sessionHarness';
import type { DataSource } from './protocol';

const tiny = presetConfig('fast', { variant: 'slim', evalSize: 50, hyper: { batchSize: 8 } });

const source = (files: { name: string; bytes: Uint8Array }[], classNames?: string[]): DataSource => ({
  kind: 'files',
  files: files.map((f) => ({ name: f.name, bytes: bufferOf(f.bytes) })),
  ...(classNames ? { classNames } : {}),
});

describe('the session on datasets other than MNIST', () => {
  it('trains a generated 5-class set dropped as gzipped files: a 5-class head, 5 centers, 5 class counts, one epoch its own', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: source(asFiles(syntheticSet(5, { train: 40, test: 10 }), true)), config: tiny });
    const ds = h.last('dataset')!.info;
    expect(ds.spec.classNames).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    expect([ds.trainCount, ds.testCount, ds.trainClassCounts, ds.testClassCounts]).toEqual([200, 50, [40, 40, 40, 40, 40], [10, 10, 10, 10, 10]]);
    const ready = h.last('ready')!;
    // The fast preset's one-epoch decay: 200 images at batch 8 are 25 steps.
    expect(ready.config.hyper.schedule).toMatchObject({ kind: 'warmupCosine', decaySteps: 51 });
    expect(ready.trainClassCounts).toEqual([40, 40, 40, 40, 40]);
    expect(ready.evalLabels.length).toBe(50);
    await h.session.handle({ type: 'step', n: 3 });
    expect(h.last('progress')!.report.step).toBe(3);
    const e = h.last('embedding')!;
    expect(e.centers.length).toBe(5 * 2);
    expect(Math.max(...e.predictions)).toBeLessThan(5);
    expect(h.of('error')).toEqual([]);
  });

  it('swaps to a valid set only: each malformed one is refused naming its file, and the runs on screen go on', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    const readies = h.of('ready').length;
    const before = tf.memory().numTensors;
    let id = 10;
    for (const c of malformedCorpus().slice(0, 6)) {
      await h.session.handle({ type: 'setDataset', id: ++id, data: source(c.files) });
      expect(h.last('error'), c.fault).toMatchObject({ code: 'data', requestId: id, detail: expect.stringContaining(`${c.names}: `) });
      expect(h.last('error')!.detail, c.fault).toMatch(c.says);
    }
    expect(h.of('ready').length).toBe(readies);
    expect(h.last('dataset')!.info.spec.id).toBe('mnist');
    expect(tf.memory().numTensors).toBe(before);
    await h.session.handle({ type: 'step', n: 1 });
    expect(h.last('progress')!.report.step).toBe(3);
  });

  it('a 26-class set keeps the held-out class, a 5-class set drops it, then back to MNIST: the head, the centers and the schedule follow the data, nothing leaks', async () => {
    const h = harness();
    const config = { ...tiny, heldOutClass: 9, evalSize: 52 };
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
    const mnistTensors = tf.memory().numTensors;
    const letters = Array.from({ length: 26 }, (_, k) => String.fromCharCode(97 + k));
    await h.session.handle({ type: 'setDataset', id: 1, data: source(asFiles(syntheticSet(26, { train: 8, test: 2 }, 1)), letters) });
    expect(h.of('error').map((e) => e.detail)).toEqual([]);
    expect(h.last('dataset')!.info.spec.classNames).toEqual(letters);
    const ready = h.last('ready')!;
    expect(ready.config.heldOutClass).toBe(9);
    expect(ready.trainClassCounts).toEqual(Array.from({ length: 26 }, (_, k) => (k === 9 ? 0 : 8)));
    expect(ready.config.hyper.schedule).toMatchObject({ decaySteps: 51 });
    await h.session.handle({ type: 'step', n: 2 });
    const m = h.last('evalMetrics')!.metrics;
    expect(m).toMatchObject({ heldOut: 9, count: 52, knownCount: 50 });
    expect(h.last('embedding')!.centers.length).toBe(52);
    // A held-out class the new set lacks is dropped rather than refused.
    await h.session.handle({ type: 'setDataset', id: 2, data: source(asFiles(syntheticSet(5))) });
    expect(h.last('ready')!.config.heldOutClass).toBeNull();
    await h.session.handle({ type: 'setDataset', id: 3, data: { kind: 'bundled' } });
    expect(h.last('dataset')!.info.spec.id).toBe('mnist');
    expect(h.last('ready')!.config.hyper.schedule).toMatchObject({ decaySteps: 469 });
    expect(h.last('embedding')!.centers.length).toBe(20);
    expect(tf.memory().numTensors).toBe(mnistTensors);
  });

  it('files that fail at start-up are reported naming the file, and MNIST can still be chosen', async () => {
    const h = harness();
    const c = malformedCorpus().find((m) => m.fault === '32 × 32 images')!;
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: source(c.files), config: tiny });
    expect(h.last('error')).toMatchObject({ code: 'data', detail: expect.stringMatching(/^train-images-idx3-ubyte: its images are 32 × 32: only 28 × 28 images with one channel/) });
    expect(h.of('ready')).toEqual([]);
    await h.session.handle({ type: 'setDataset', id: 5, data: { kind: 'bundled' } });
    expect(h.last('dataset')!.info.spec.id).toBe('mnist');
    expect(h.last('ready')!.runs.length).toBe(1);
  });

  it('a restarted worker given the same files resumes a 5-class save exactly where it stopped', async () => {
    const files = asFiles(syntheticSet(5, { train: 40, test: 10 }), true);
    const config = { ...tiny, compare: true };
    const first = harness(false, { frozenClock: true });
    await first.session.handle({ type: 'init', dataUrl: 'unused', data: source(files), config });
    await first.session.handle({ type: 'step', n: 3 });
    await first.session.handle({ type: 'checkpoint', id: 1 });
    const save = first.last('checkpoint')!.save;
    const saved = (await unpack(save)) as SavedSession;
    await first.session.handle({ type: 'step', n: 2 });
    await first.session.handle({ type: 'checkpoint', id: 2 });
    const whole = (await unpack(first.last('checkpoint')!.save)) as SavedSession;

    const restarted = harness(false, { frozenClock: true });
    await restarted.session.handle({ type: 'init', dataUrl: 'unused', data: source(files), config, resume: { id: 3, save } });
    expect(restarted.of('error').map((e) => e.detail)).toEqual([]);
    expect(restarted.last('ready')).toMatchObject({ step: 3, history: { kind: 'resumed', id: 3 } });
    expect(restarted.last('dataset')!.info.spec.classNames).toHaveLength(5);
    await restarted.session.handle({ type: 'step', n: 2 });
    await restarted.session.handle({ type: 'checkpoint', id: 4 });
    const resumed = (await unpack(restarted.last('checkpoint')!.save)) as SavedSession;
    expect(saved.runs[1]!.centers.length).toBe(10);
    expect(resumed.step).toBe(5);
    resumed.runs.forEach((r, k) => expect(Buffer.from(r.centers.buffer).equals(Buffer.from(whole.runs[k]!.centers.buffer))).toBe(true));
    for (const [name, v] of Object.entries(resumed.runs[1]!.params)) expect(Buffer.from(v.buffer).equals(Buffer.from(whole.runs[1]!.params[name]!.buffer)), name).toBe(true);
  });

  it('renames the classes on request and re-sends the dataset; a list of the wrong length is refused', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: source(asFiles(syntheticSet(3, { train: 16, test: 4 }))), config: tiny });
    await h.session.handle({ type: 'setClassNames', names: [' cat ', 'dog', 'bird'] });
    expect(h.last('dataset')!.info.spec.classNames).toEqual(['cat', 'dog', 'bird']);
    const sent = h.of('dataset').length;
    await h.session.handle({ type: 'setClassNames', names: ['cat', 'dog'] });
    expect(h.last('error')).toMatchObject({ code: 'data', detail: '2 class names for 3 classes: give one name per class' });
    await h.session.handle({ type: 'setClassNames', names: ['cat', '', 'bird'] });
    expect(h.last('error')).toMatchObject({ code: 'data', detail: 'class 1 has no name' });
    expect(h.of('dataset').length).toBe(sent);
  });

  it('the quick lesson (an MNIST start) on another set becomes the fast preset', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: presetConfig('quick', { compare: true, evalSize: 50 }) });
    await h.session.handle({ type: 'setDataset', id: 4, data: source(asFiles(syntheticSet(4))) });
    expect(h.of('error')).toEqual([]);
    expect(h.last('ready')!.config).toMatchObject({ preset: 'fast', compare: true });
    // And so it is when a page opened with the quick lesson's link starts on dropped files.
    const files = harness();
    await files.session.handle({ type: 'init', dataUrl: 'unused', data: source(asFiles(syntheticSet(4))), config: presetConfig('quick', { compare: true, evalSize: 40 }) });
    expect(files.of('error')).toEqual([]);
    expect(files.last('ready')!.config).toMatchObject({ preset: 'fast', compare: true });
  });
});
