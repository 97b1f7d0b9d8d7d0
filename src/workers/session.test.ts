import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { presetConfig } from '../ml/config';
import type { WorkerToUi } from './protocol';
import { stepsPerReportFor } from './reporting';
import { Session } from './session';

type Msg<T extends WorkerToUi['type']> = Extract<WorkerToUi, { type: T }>;

function harness(watch = false) {
  const messages: WorkerToUi[] = [];
  let clock = 0;
  let lose: ((reason: string) => void) | undefined;
  const session = new Session({
    post: (m) => messages.push(m),
    probe: async () => ({ webgpu: null, webgl: null, wasm: true }),
    loadData: () => loadPreparedMnist(),
    // Each reading of the clock is a second later: reports and CPU copies fall due at once.
    now: () => (clock += 1000),
    watchDevice: (_backend, onLost) => {
      lose = onLost;
      return watch;
    },
  });
  const of = <T extends WorkerToUi['type']>(type: T) => messages.filter((m): m is Msg<T> => m.type === type);
  const last = <T extends WorkerToUi['type']>(type: T) => of(type).at(-1);
  return { session, messages, of, last, loseDevice: (r: string) => lose?.(r) };
}

const tiny = presetConfig('fast', { variant: 'slim', evalSize: 50, hyper: { batchSize: 8 } });

describe('the training session behind the worker', () => {
  it('reports about ten times a second whatever the step time', () => {
    expect(stepsPerReportFor(1)).toBe(100);
    expect(stepsPerReportFor(25)).toBe(4);
    expect(stepsPerReportFor(500)).toBe(1);
  });

  it('loads the data, picks wasm without a GPU, and says why', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
    const ds = h.last('dataset')!.info;
    expect([ds.trainCount, ds.testCount]).toEqual([60000, 10000]);
    const ready = h.last('ready')!;
    expect(ready.backend.backend).toBe('wasm');
    expect(ready.backend.reason).toMatch(/No WebGPU adapter/);
    expect(ready.evalLabels.length).toBe(50);
    expect(h.last('embedding')!.features.length).toBe(100);
  });

  it('steps exactly n, applies valid hyper-parameters at the next step and refuses invalid ones', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.last('progress')!.report.step).toBe(2);
    await h.session.handle({ type: 'setHyper', id: 7, patch: { lambda: 0 } });
    expect(h.last('hyperApplied')).toMatchObject({ id: 7, step: 2, hyper: { lambda: 0 } });
    await h.session.handle({ type: 'setHyper', id: 8, patch: { alpha: 2 } });
    expect(h.last('error')).toMatchObject({ code: 'config', requestId: 8 });
    expect(h.last('error')!.message).toMatch(/α must be between 0 and 1/);
    await h.session.handle({ type: 'step', n: 1 });
    const r = h.last('progress')!.report;
    expect(r.step).toBe(3);
    expect(r.weightedCenterLoss).toBe(0);
  });

  it('auto-pauses on a NaN loss, reports it, and restores the last good weights', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
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
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
    await h.session.handle({ type: 'step', n: 2 });
    await h.session.handle({ type: 'importWeights', id: 3, json: '{"format":"something else"}' });
    expect(h.last('error')).toMatchObject({ code: 'import', requestId: 3 });
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

  it('falls back to the next backend when the device is lost, from the last CPU copy', async () => {
    const h = harness(true);
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
    await h.session.handle({ type: 'step', n: 3 });
    h.loseDevice('simulated loss');
    await h.session.handle({ type: 'pause' });
    const err = h.of('error').find((e) => e.code === 'device-lost')!;
    expect(err.message).toMatch(/The GPU device was lost \(simulated loss\)\. Training continues on CPU from step 3/);
    const ready = h.last('ready')!;
    expect(ready.backend.backend).toBe('cpu');
    expect(ready.step).toBe(3);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('compare mode: a λ = 0 twin from the same start, on the same batches, in lockstep', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: { ...tiny, compare: true } });
    expect(h.last('ready')!.runs).toEqual(['main', 'softmaxOnly']);
    const first = h.of('embedding');
    expect(first.map((e) => e.run)).toEqual(['main', 'softmaxOnly']);
    expect(first[0]!.features).toEqual(first[1]!.features);
    await h.session.handle({ type: 'step', n: 2 });
    const reports = h.of('progress').slice(-2);
    expect(reports.map((r) => [r.run, r.report.step])).toEqual([['main', 2], ['softmaxOnly', 2]]);
    // Same batches and start: the softmax loss of the first window is close, the center term is λ·L_C vs 0.
    expect(reports[1]!.report.weightedCenterLoss).toBe(0);
    expect(reports[0]!.report.weightedCenterLoss).toBeGreaterThan(0);
    await h.session.handle({ type: 'setHyper', id: 1, patch: { lambda: 0.5, alpha: 0.2 } });
    await h.session.handle({ type: 'step', n: 1 });
    const [main, twin] = h.of('progress').slice(-2);
    expect(main!.report.weightedCenterLoss).toBeCloseTo(0.5 * main!.report.centerLoss, 6);
    expect(twin!.report.weightedCenterLoss).toBe(0);
    await h.session.handle({ type: 'exportWeights', id: 2 });
    expect(h.last('exported')!.files.map((f) => f.run)).toEqual(['main', 'softmaxOnly']);
  });

  it('resets, steps and re-exports without leaking tensors', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', config: tiny });
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
