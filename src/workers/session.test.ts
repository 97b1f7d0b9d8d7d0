import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { loadPreparedMnist, loadShippedStart } from '../../test/mnistFiles';
import { presetConfig } from '../ml/config';
import { MNIST } from '../ml/datasetSpec';
import { quickCenters } from '../ml/softmaxStart';
import { evaluateTrainer, makeEvalSet } from '../ml/headless';
import { Trainer } from '../ml/trainer';
import { parseWeightsFile } from '../ml/weights';
import { memoryReport, stepsPerReportFor } from './reporting';
import { harness } from '../../test/sessionHarness';

const tiny = presetConfig('fast', { variant: 'slim', evalSize: 50, hyper: { batchSize: 8 } });

describe('the training session behind the worker', () => {
  it('reports about ten times a second whatever the step time', () => {
    expect(stepsPerReportFor(1)).toBe(100);
    expect(stepsPerReportFor(25)).toBe(4);
    expect(stepsPerReportFor(500)).toBe(1);
  });

  it('loads the data, picks wasm without a GPU, and says why', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    const ds = h.last('dataset')!.info;
    expect([ds.trainCount, ds.testCount]).toEqual([60000, 10000]);
    const ready = h.last('ready')!;
    expect(ready.backend.backend).toBe('wasm');
    expect(ready.backend).toMatchObject({ why: 'software-gpu', seen: { webgpu: null } });
    expect(ready.evalLabels.length).toBe(50);
    expect(h.last('embedding')!.features.length).toBe(100);
  });

  it('steps exactly n, applies valid hyper-parameters at the next step and refuses invalid ones', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.last('progress')!.report.step).toBe(2);
    await h.session.handle({ type: 'setHyper', id: 7, patch: { lambda: 0 } });
    expect(h.last('hyperApplied')).toMatchObject({ id: 7, step: 2, hyper: { lambda: 0 } });
    await h.session.handle({ type: 'setHyper', id: 8, patch: { alpha: 2 } });
    expect(h.last('error')).toMatchObject({ code: 'rejected-change', requestId: 8 });
    expect(h.last('error')).toMatchObject({ code: 'rejected-change', detail: expect.stringMatching(/α must be between 0 and 1/) });
    await h.session.handle({ type: 'step', n: 1 });
    const r = h.last('progress')!.report;
    expect(r.step).toBe(3);
    expect(r.weightedCenterLoss).toBe(0);
  });

  it('auto-pauses on a NaN loss, reports it, and restores the last good weights', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 1 });
    // An absurd learning rate without clipping, momentum near 1: the loss overflows within a few steps.
    await h.session.handle({ type: 'setHyper', id: 1, patch: { lr: 1, clip: 0, momentum: 0.999, lambda: 10, schedule: { kind: 'step', everyEpochs: 20, gamma: 0.5 } } });
    for (let i = 0; i < 40 && !h.last('diverged'); i++) await h.session.handle({ type: 'step', n: 1 });
    const d = h.last('diverged')!;
    expect(d).toBeDefined();
    expect(d.hyper.lr).toBe(1);
    expect(d.lastGoodStep).toBeLessThan(d.step);
    expect(h.last('status')!.status).toBe('diverged');
    await h.session.handle({ type: 'step', n: 1 }); // refused while diverged
    expect(h.last('status')!.status).toBe('diverged');
    await h.session.handle({ type: 'restore' });
    expect(h.last('status')).toMatchObject({ status: 'paused', step: d.lastGoodStep });
    const emb = h.last('embedding')!;
    expect(emb.step).toBe(d.lastGoodStep);
    expect(Array.from(emb.features).every(Number.isFinite)).toBe(true);
  });

  it('refuses a bad weights file and keeps the run; exports a file that loads back', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    await h.session.handle({ type: 'importWeights', id: 3, json: '{"format":"something else"}' });
    expect(h.last('error')).toMatchObject({ code: 'not-weights-file', requestId: 3 });
    await h.session.handle({ type: 'step', n: 1 });
    expect(h.last('progress')!.report.step).toBe(3);
    await h.session.handle({ type: 'exportWeights', id: 4 });
    const exported = h.last('exported')!.files[0]!;
    await h.session.handle({ type: 'step', n: 1 });
    await h.session.handle({ type: 'importWeights', id: 5, json: exported.json });
    expect(h.last('imported')).toMatchObject({ id: 5, step: 3 });
    await h.session.handle({ type: 'exportWeights', id: 6 });
    expect(h.last('exported')!.files[0]!.json).toBe(exported.json);
  });

  it('exports the metrics of the weights it writes, at their step, even with no embed since', async () => {
    const tasks: (() => void)[] = [];
    const h = harness(false, { frozenClock: true, nextTask: (fn) => tasks.push(fn) });
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    const embedded = h.last('evalMetrics')!;
    expect(embedded.step).toBe(0);
    // Three chunks of the run loop (one step each on a frozen clock), no embed falling due; export while running.
    await h.session.handle({ type: 'start' });
    for (let i = 0; i < 3; i++) {
      tasks.shift()!();
      while (!tasks.length) await new Promise((r) => setTimeout(r, 1));
    }
    expect(h.last('progress')!.report.step).toBe(3);
    expect(h.last('evalMetrics')).toBe(embedded);
    await h.session.handle({ type: 'exportWeights', id: 1 });
    await h.session.handle({ type: 'pause' });
    const parsed = parseWeightsFile(h.last('exported')!.files[0]!.json, MNIST);
    if (!parsed.ok) throw new Error(parsed.error);
    const { file: f } = parsed.value;
    expect(f.training.step).toBe(3);
    expect(f.metrics!.step).toBe(3);
    expect(f.metrics!.evalIndices).toEqual(Array.from(h.last('ready')!.evalIndices));
    // Independently: the file's own weights, evaluated on the digits it names.
    const test = (await loadPreparedMnist()).test;
    const trainer = new Trainer({ spec: parsed.value.spec, hyper: f.hyper, seed: f.training.seed, pool: 'native', train: test, heldOutClass: null, values: parsed.value.params, centers: parsed.value.centers! });
    const { metrics } = await evaluateTrainer(trainer, makeEvalSet(test, Uint32Array.from(f.metrics!.evalIndices!)));
    trainer.dispose();
    expect(f.metrics!.testAccuracy).toBeCloseTo(metrics.testAccuracy, 9);
    expect(f.metrics!.intraDistance).toBeCloseTo(metrics.intraDistance, 9);
    expect(f.metrics!.interMin).toBeCloseTo(metrics.interMin, 9);
    // And not the step-0 embed's: the metrics are of the exported weights.
    expect(Math.abs(f.metrics!.intraDistance - embedded.metrics.intraDistance)).toBeGreaterThan(1e-6);
  });

  it('compare mode: a λ = 0 twin from the same start, on the same batches, in lockstep', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...tiny, compare: true } });
    expect(h.last('ready')!.runs).toEqual([
      { id: 'run0', loss: 'center', overrides: { lambda: 0 }, lambda: 0, followsLambda: false, title: 'Softmax only (λ = 0)' },
      { id: 'run1', loss: 'center', overrides: {}, lambda: 1, followsLambda: true, title: 'Softmax + center loss (λ = 1)' },
    ]);
    const first = h.of('embedding');
    expect(first.map((e) => e.run)).toEqual(['run0', 'run1']);
    expect(first[0]!.features).toEqual(first[1]!.features);
    await h.session.handle({ type: 'step', n: 2 });
    const reports = h.of('progress').slice(-2);
    expect(reports.map((r) => [r.run, r.report.step])).toEqual([['run0', 2], ['run1', 2]]);
    // Same batches and start: the softmax loss of the first window is close, the center term is 0 vs λ·L_C.
    expect(reports[0]!.report.weightedCenterLoss).toBe(0);
    expect(reports[1]!.report.weightedCenterLoss).toBeGreaterThan(0);
    await h.session.handle({ type: 'setHyper', id: 1, patch: { lambda: 0.5, alpha: 0.2 } });
    await h.session.handle({ type: 'step', n: 1 });
    const [twin, main] = h.of('progress').slice(-2);
    expect(main!.report.weightedCenterLoss).toBeCloseTo(0.5 * main!.report.centerLoss, 6);
    expect(twin!.report.weightedCenterLoss).toBe(0);
    await h.session.handle({ type: 'exportWeights', id: 2 });
    const files = h.last('exported')!.files;
    expect(files.map((f) => [f.run, f.fileName])).toEqual([
      ['run0', 'center-loss-lab-slim-lambda0-step3.json'],
      ['run1', 'center-loss-lab-slim-lambda0.5-step3.json'],
    ]);
    for (const f of files) expect(JSON.parse(f.json).metrics).toMatchObject({ step: 3, count: 50 });
  });

  it('a sweep trains N runs in lockstep from one start; each equals the same run trained alone, bit for bit', async () => {
    const sweep = [0, 0.01, 0.1, 1];
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...tiny, sweep } });
    expect(h.last('ready')!.runs.map((r) => [r.id, r.lambda, r.followsLambda])).toEqual(sweep.map((l, k) => [`run${k}`, l, false]));
    const start = h.of('embedding');
    expect(start).toHaveLength(4);
    // Identical initial weights: identical features and centers at step 0.
    for (const e of start.slice(1)) {
      expect(e.features).toEqual(start[0]!.features);
      expect(e.centers).toEqual(start[0]!.centers);
    }
    await h.session.handle({ type: 'step', n: 3 });
    expect(h.of('progress').slice(-4).map((r) => r.report.step)).toEqual([3, 3, 3, 3]);
    // A λ change does not touch a sweep's λ values; the other settings apply to every run.
    await h.session.handle({ type: 'setHyper', id: 1, patch: { lambda: 5, alpha: 0.3 } });
    await h.session.handle({ type: 'step', n: 1 });
    const last = h.of('progress').slice(-4);
    last.forEach((r, k) => expect(r.report.weightedCenterLoss).toBeCloseTo(sweep[k]! * r.report.centerLoss, 6));
    const swept = h.of('embedding').slice(-4);
    for (const k of [0, 2]) {
      const alone = harness();
      await alone.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...tiny, hyper: { ...tiny.hyper, lambda: sweep[k]! } } });
      await alone.session.handle({ type: 'step', n: 3 });
      await alone.session.handle({ type: 'setHyper', id: 1, patch: { alpha: 0.3 } });
      await alone.session.handle({ type: 'step', n: 1 });
      const e = alone.last('embedding')!;
      expect(e.step).toBe(4);
      expect(e.features).toEqual(swept[k]!.features);
      expect(e.centers).toEqual(swept[k]!.centers);
    }
    await h.session.handle({ type: 'exportWeights', id: 2 });
    expect(h.last('exported')!.files.map((f) => f.fileName)).toEqual(sweep.map((l) => `center-loss-lab-slim-lambda${l}-step4.json`));
  });

  it('each progress report carries the worker’s tensor count and bytes; GPU bytes only where the backend counts them', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...tiny, compare: true } });
    await h.session.handle({ type: 'step', n: 2 });
    const [twin, main] = h.of('progress').slice(-2).map((p) => p.report.memory);
    // The step's embed disposes what it makes: the report's figures are the worker's now. wasm counts no GPU bytes.
    expect(main).toStrictEqual({ numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });
    expect(twin).toStrictEqual(main);
    expect(main!.numTensors).toBeGreaterThan(20);
    expect(main!.numBytes).toBeGreaterThan(4 * 60000);
    const gpu = { numTensors: 3, numBytes: 40, numBytesInGPU: 48, numDataBuffers: 3, unreliable: false, reasons: [] };
    expect(memoryReport(gpu)).toStrictEqual({ numTensors: 3, numBytes: 40, numBytesInGPU: 48 });
  });

  it('a sweep, its export, an import and the way back to one run leave no tensors behind', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 1 });
    const n = tf.memory().numTensors;
    await h.session.handle({ type: 'reset', config: { ...tiny, sweep: [0, 0.1, 1] } });
    await h.session.handle({ type: 'step', n: 2 });
    await h.session.handle({ type: 'exportWeights', id: 1 });
    const file = h.last('exported')!.files[2]!;
    await h.session.handle({ type: 'importWeights', id: 2, json: file.json });
    expect(h.last('imported')).toMatchObject({ step: 2 });
    expect(h.last('ready')!.runs).toHaveLength(1);
    await h.session.handle({ type: 'step', n: 1 });
    await h.session.handle({ type: 'reset', config: tiny });
    await h.session.handle({ type: 'step', n: 1 });
    expect(tf.memory().numTensors).toBe(n);
  });

  it('answers a refused rebuild with the model it kept', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    const before = h.of('ready').length;
    await h.session.handle({ type: 'reset', config: { ...tiny, seed: -1 } });
    expect(h.last('error')).toMatchObject({ code: 'invalid-settings', detail: expect.stringMatching(/seed/) });
    expect(h.of('ready')).toHaveLength(before + 1);
    expect(h.last('ready')).toMatchObject({ step: 2, config: { seed: 1 } });
    expect(h.last('status')).toMatchObject({ status: 'paused', step: 2 });
  });

  it('resets, steps and re-exports without leaking tensors', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny });
    await h.session.handle({ type: 'step', n: 1 });
    const n = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      await h.session.handle({ type: 'reset', config: { ...tiny, seed: 2 + i } });
      await h.session.handle({ type: 'step', n: 1 });
      await h.session.handle({ type: 'exportWeights', id: i });
    }
    expect(tf.memory().numTensors).toBe(n);
  });
});

describe('what the live scatter and the quick lesson get from the session', () => {
  it('sends, after each chunk, the features its steps computed for their training digits, with those digits’ labels and the centers after them', async () => {
    const h = harness();
    const config = { ...tiny, compare: true };
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
    const before = tf.memory().numTensors;
    await h.session.handle({ type: 'step', n: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const sent = h.of('trainFeatures');
    expect(sent.map((m) => m.run)).toEqual(['run0', 'run1']);
    // The same batches as the runs trained on: a sampler with the run's seed gives them.
    const { train } = await loadPreparedMnist();
    const t = new Trainer({ spec: { variant: 'slim', widths: [[16], [32], [64]], featDim: 2, numClasses: 10, fc2Bias: true }, hyper: tiny.hyper, seed: tiny.seed, train, heldOutClass: null });
    const labels = [0, 1, 2].flatMap(() => Array.from(t.sampler.next(8), (i) => train.labels[i]!));
    t.dispose();
    for (const m of sent) {
      expect(m.step).toBe(3);
      expect(Array.from(m.labels)).toEqual(labels);
      expect(m.features.length).toBe(2 * 24);
      expect(m.features.every(Number.isFinite)).toBe(true);
      expect(m.centers.length).toBe(20);
    }
    // λ = 0 and λ = 1 moved the same digits differently from the second step on.
    expect(Array.from(sent[0]!.features)).not.toEqual(Array.from(sent[1]!.features));
  });

  it('builds the quick lesson from the shipped softmax-trained start: every run at step 0 with its weights and class-mean centers', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...presetConfig('quick', { compare: true, evalSize: 200 }) } });
    const ready = h.last('ready')!;
    expect(ready.step).toBe(0);
    expect(ready.backend.variant).toBe('slim');
    expect(ready.runs.map((r) => r.lambda)).toEqual([0, presetConfig('quick').hyper.lambda]);
    const start = (await loadShippedStart()).weights;
    const embeddings = h.of('embedding');
    expect(embeddings).toHaveLength(2);
    // The softmax-only twin's centers at the class means; center loss starts from a quarter of them.
    expect(Array.from(embeddings[0]!.centers)).toEqual(Array.from(start.centers));
    expect(Array.from(embeddings[1]!.centers)).toEqual(Array.from(quickCenters(start)));
    // Already a trained network: accurate before the first step.
    for (const m of h.of('evalMetrics')) expect(m.metrics.testAccuracy).toBeGreaterThan(0.9);
  });

  it('leaves the quick lesson’s softmax-only twin as the start: only the λ > 0 run steps, is reported and re-embedded', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...presetConfig('quick', { compare: true, evalSize: 100 }) } });
    expect(h.of('embedding').map((m) => [m.run, m.step])).toEqual([['run0', 0], ['run1', 0]]);
    await h.session.handle({ type: 'step', n: 4 });
    expect(h.of('progress').map((m) => [m.run, m.report.step])).toEqual([['run1', 4]]);
    expect(h.of('trainFeatures').map((m) => m.run)).toEqual(['run1']);
    expect(h.of('embedding').slice(2).map((m) => [m.run, m.step])).toEqual([['run1', 4]]);
    expect(h.last('status')!.step).toBe(4);
  });
});
