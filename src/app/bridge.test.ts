/** The bridge in Node: recorded message sequences through the reducer, with a fake worker and a manual frame clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetConfig } from '../ml/config';
import type { EvalMetrics } from '../ml/metrics';
import type { ProgressReport, WorkerToUi } from '../workers/protocol';
import { bridgeHarness } from '../../test/bridgeHarness';
import { markerLabel } from './bridge';
import { mainRun } from './store/appStore';
import { imagesPerSecond } from './store/rate';

const config = presetConfig('fast', { variant: 'slim', hyper: { batchSize: 8 } });
const backend = { backend: 'wasm', why: 'software-gpu', seen: { webgpu: null, webgpuFallback: false, webgl: null, webglSoftware: false }, adapter: null, realGpu: false, variant: 'slim', parameters: 1, threads: 2 } as const;

/** A model ready with one run per λ; the last follows the λ control, as in compare mode. */
const ready = (lambdas: number[], step = 0, history: Extract<WorkerToUi, { type: 'ready' }>['history'] = { kind: 'new' }): WorkerToUi => ({
  type: 'ready',
  backend,
  config: { ...config, compare: lambdas.length > 1 },
  history,
  step,
  epoch: step / 7500,
  evalIndices: new Uint32Array([0, 1]),
  evalLabels: new Uint8Array([7, 2]),
  evalPixels: new Uint8Array(2 * 784),
  trainClassCounts: Array(10).fill(6000),
  runs: lambdas.map((lambda, k) => ({ id: `run${k}` as const, loss: 'center' as const, overrides: {}, lambda, followsLambda: k === lambdas.length - 1, title: '' })),
});

const report = (step: number, extra: Partial<ProgressReport> = {}): ProgressReport => ({
  step,
  lambda: 1,
  epoch: Math.floor(step / 7500),
  epochProgress: (step % 7500) / 7500,
  lr: 0.1,
  ce: 1,
  centerLoss: 2,
  centerLossPaper: 8,
  weightedCenterLoss: 2,
  total: 3,
  batch: { ce: 1, centerLoss: 2, total: 3 },
  trainAccuracy: 0.5,
  gradNorm: 1,
  imagesPerSec: 1000,
  stepsPerReport: 10,
  ...extra,
});

const metrics = (testAccuracy: number): EvalMetrics => ({
  count: 2,
  heldOut: null,
  knownCount: 2,
  testAccuracy,
  nearestCenterAccuracy: testAccuracy,
  intraDistance: 1,
  interMin: 2,
  interMean: 3,
  intraOverInterMin: 0.5,
  silhouette: 0.1,
  withinOverBetween: 0.2,
  elongation: 1,
});

const harness = () => bridgeHarness(config);

beforeEach(() => vi.stubGlobal('requestAnimationFrame', () => 1));
afterEach(() => vi.unstubAllGlobals());

describe('the bridge: worker messages → store', () => {
  it('merges a burst of messages into one store update per frame', () => {
    const h = harness();
    const listener = vi.fn();
    h.store.subscribe(listener);
    h.recv(ready([1]), { type: 'status', status: 'idle', step: 0 });
    for (let s = 10; s <= 50; s += 10) h.recv({ type: 'progress', run: 'run0', report: report(s) });
    expect(listener).not.toHaveBeenCalled();
    h.frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(h.store.getState().step).toBe(50);
    expect(h.views.runs.get('run0')!.series.loss.length).toBe(5);
  });

  it('paces a flush that holds only the stream (progress, metrics, features), and not one that holds a status or a ready', () => {
    const asked: Array<() => boolean> = [];
    const flushes: Array<() => void> = [];
    const h = bridgeHarness(config, undefined, { schedule: (fn, urgent) => (flushes.push(fn), asked.push(urgent)) });
    h.recv({ type: 'progress', run: 'run0', report: report(10) }, { type: 'evalMetrics', run: 'run0', step: 10, metrics: metrics(0.5) });
    h.recv({ type: 'trainFeatures', run: 'run0', step: 10, features: new Float32Array(2), labels: new Uint8Array(1), centers: new Float32Array(20) });
    expect(asked).toHaveLength(1);
    expect(asked[0]!()).toBe(false);
    // A status joins the pending flush and makes it urgent.
    h.recv({ type: 'status', status: 'paused', step: 10 });
    expect(asked).toHaveLength(1);
    expect(asked[0]!()).toBe(true);
    flushes.splice(0).forEach((f) => f());
    expect(h.store.getState().status).toBe('paused');
    h.recv({ type: 'progress', run: 'run0', report: report(20) });
    expect(asked[1]!()).toBe(false);
    h.recv(ready([1]));
    expect(asked[1]!()).toBe(true);
  });

  it('keeps each run\'s view object across new models, so the charts that hold it keep drawing', () => {
    const h = harness();
    const before = h.views.runs.get('run0') ?? undefined;
    h.recv(ready([0, 1]));
    const run0 = h.views.runs.get('run0')!;
    if (before) expect(run0).toBe(before);
    h.recv({ type: 'progress', run: 'run0', report: report(10) });
    h.recv(ready([0, 1]));
    expect(h.views.runs.get('run0')).toBe(run0);
    expect(run0.series.loss.length).toBe(0);
    h.recv(ready([1]));
    expect([...h.views.runs.keys()]).toEqual(['run0']);
  });

  it('Reset clears every derived figure at once, and stale reports of the old model never come back', () => {
    const h = harness();
    h.recv(ready([1]), { type: 'status', status: 'running', step: 0 });
    h.recv({ type: 'progress', run: 'run0', report: report(2400, { lr: 0.05 }) }, { type: 'evalMetrics', run: 'run0', step: 2400, metrics: metrics(0.8) });
    h.frame();
    expect(mainRun(h.store.getState()).progress?.lr).toBe(0.05);
    h.actions.reset();
    h.frame();
    const cleared = h.store.getState();
    expect([cleared.step, mainRun(cleared).progress, mainRun(cleared).metrics, imagesPerSecond(cleared.rate)]).toEqual([0, null, null, null]);
    expect(h.views.runs.get('run0')!.series.loss.length).toBe(0);
    expect(h.sent.at(-1)?.type).toBe('reset');
    // Reports the worker sent before it saw the reset arrive now: they are dropped.
    h.recv({ type: 'progress', run: 'run0', report: report(2410) }, { type: 'evalMetrics', run: 'run0', step: 2410, metrics: metrics(0.81) }, { type: 'status', status: 'paused', step: 2410 });
    h.frame();
    expect(h.store.getState().step).toBe(0);
    expect(mainRun(h.store.getState()).progress).toBeNull();
    expect(h.views.runs.get('run0')!.series.loss.length).toBe(0);
    h.recv(ready([1]), { type: 'status', status: 'idle', step: 0 }, { type: 'progress', run: 'run0', report: report(10) });
    h.frame();
    expect(h.store.getState().step).toBe(10);
    expect(h.store.getState().generation).toBe(2);
  });

  it('an import replaces the run: reports of the replaced run queued in the same frame do not survive it', () => {
    const h = harness();
    h.recv(ready([0, 1]), { type: 'status', status: 'running', step: 0 });
    h.frame();
    h.actions.importWeights('{}');
    h.recv(
      { type: 'progress', run: 'run0', report: report(192, { lr: 0.19, trainAccuracy: 0.9 }) },
      { type: 'evalMetrics', run: 'run0', step: 192, metrics: metrics(0.9) },
      ready([1], 3),
      { type: 'imported', id: 1, step: 3 },
      { type: 'status', status: 'paused', step: 3 },
    );
    h.frame();
    const s = h.store.getState();
    expect(s.step).toBe(3);
    expect(s.runs).toEqual([{ id: 'run0', loss: 'center', overrides: {}, lambda: 1, followsLambda: true, title: '', progress: null, metrics: null, phase: null }]);
    expect(s.notices.map((n) => n.message)).toContain('Weights loaded: the model resumes at step 3.');
  });

  it('a refused import keeps the run and its figures; one error banner at a time, cleared by the next success', () => {
    const h = harness();
    h.recv(ready([1]), { type: 'progress', run: 'run0', report: report(40) });
    for (let i = 1; i <= 5; i++) h.recv({ type: 'error', code: 'invalid-file', detail: `problem ${i}`, requestId: i });
    h.frame();
    let s = h.store.getState();
    expect(s.step).toBe(40);
    expect(s.notices.filter((n) => n.kind === 'error').map((n) => [n.message, n.detail])).toEqual([['This weights file was not loaded: it is damaged, or was written for another model or version. The current model is unchanged.', 'problem 5']]);
    h.recv(ready([1], 3), { type: 'imported', id: 6, step: 3 });
    h.frame();
    s = h.store.getState();
    expect(s.notices.filter((n) => n.kind === 'error')).toEqual([]);
    // Dismissing removes the banner.
    h.recv({ type: 'error', code: 'invalid-file', detail: 'bad' });
    h.frame();
    h.actions.dismiss(h.store.getState().notices.find((n) => n.kind === 'error')!.id);
    h.frame();
    expect(h.store.getState().notices.some((n) => n.kind === 'error')).toBe(false);
  });

  it('a backend fallback goes on at the last step reported, with every run\'s charts kept', () => {
    const h = harness();
    h.recv(ready([0, 1]), { type: 'progress', run: 'run0', report: report(300) }, { type: 'progress', run: 'run1', report: report(300) }, { type: 'evalMetrics', run: 'run0', step: 300, metrics: metrics(0.7) });
    h.actions.setHyper({ lambda: 0.5 });
    h.recv({ type: 'fallback', from: 'webgpu', to: 'wasm', reason: 'simulated', resumedStep: 300, replayed: 20 }, ready([0, 1], 300, { kind: 'continues' }));
    h.frame();
    const s = h.store.getState();
    expect(s.step).toBe(300);
    expect(s.runs.map((r) => r.metrics)).toEqual([null, null]);
    expect([...h.views.runs.values()].map((v) => v.series.loss.cols.step.toArray())).toEqual([[300], [300]]);
    expect(h.views.markers.items.map((m) => m.label)).toEqual(['λ = 0.5']);
    expect(s.notices.find((n) => n.kind === 'error')?.message).toBe('The GPU device was lost (simulated). Training continues on WASM at step 300, every run (20 steps recomputed).');
    // A new model, by contrast, starts its charts over.
    h.recv(ready([0, 1]));
    expect([...h.views.runs.values()].map((v) => v.series.loss.length)).toEqual([0, 0]);
    expect(h.views.markers.items).toEqual([]);
  });

  it('a divergence pauses with a Restore offer, and the restore clears it', () => {
    const h = harness();
    h.recv(ready([1]), { type: 'status', status: 'running', step: 0 });
    h.recv({ type: 'diverged', run: 'run0', lambda: 1, step: 50, hyper: config.hyper, lastGoodStep: 40 }, { type: 'status', status: 'diverged', step: 50 });
    h.frame();
    const notice = h.store.getState().notices.find((n) => n.kind === 'error');
    expect(notice?.restore).toBe(true);
    expect(notice?.message).toBe('The loss became NaN or infinite by step 50 (λ 1, α 0.5, lr 0.2). Training paused; restore the weights of step 40.');
    h.actions.restore();
    h.recv({ type: 'status', status: 'paused', step: 40 });
    h.frame();
    expect(h.sent.at(-1)).toEqual({ type: 'restore' });
    expect(h.store.getState().notices.some((n) => n.kind === 'error')).toBe(false);
  });

  it('a Restore offer does not outlive its model; a refused rebuild is answered with the model kept', () => {
    const h = harness();
    h.recv(ready([1]), { type: 'diverged', run: 'run0', lambda: 1, step: 50, hyper: config.hyper, lastGoodStep: 40 }, { type: 'status', status: 'diverged', step: 50 });
    h.frame();
    h.actions.reset();
    h.frame();
    expect(h.store.getState().notices.some((n) => n.restore)).toBe(false);
    // The worker refuses the new settings, says why, and re-announces the model it kept: the page waits no longer.
    h.recv({ type: 'error', code: 'backend', detail: 'the webgpu backend failed to start' });
    h.recv({ type: 'progress', run: 'run0', report: report(51) });
    h.frame();
    expect(h.store.getState().awaitingReady).toBe(true);
    expect(h.store.getState().step).toBe(0);
    h.recv(ready([1], 50), { type: 'status', status: 'paused', step: 50 });
    h.frame();
    const s = h.store.getState();
    expect([s.awaitingReady, s.step, s.status]).toEqual([false, 50, 'paused']);
    expect(s.notices.find((n) => n.kind === 'error')?.message).toBe('the webgpu backend failed to start');
  });

  it('the epoch comes with the model: a loaded file shows its own', () => {
    const h = harness();
    h.recv(ready([1], 3750));
    h.frame();
    expect(h.store.getState().epoch).toBe(0.5);
    h.recv({ type: 'progress', run: 'run0', report: report(3760) });
    h.frame();
    expect(h.store.getState().epoch).toBeCloseTo(3760 / 7500, 9);
  });

  it('images/s is images trained over wall-clock time, pauses excluded', () => {
    const h = harness();
    h.recv(ready([1]), { type: 'status', status: 'running', step: 0 });
    // 10 steps × batch 8 every 200 ms of wall time: 400 images/s, whatever the worker's training-only rate says.
    for (let i = 1; i <= 20; i++) {
      h.tick(200);
      h.recv({ type: 'progress', run: 'run0', report: report(10 * i, { imagesPerSec: 1400 }) });
    }
    h.frame();
    expect(imagesPerSecond(h.store.getState().rate)).toBeCloseTo(400, 6);
    h.recv({ type: 'status', status: 'paused', step: 200 });
    h.tick(60_000);
    h.recv({ type: 'status', status: 'running', step: 200 });
    h.tick(100);
    h.recv({ type: 'progress', run: 'run0', report: report(210) });
    h.frame();
    expect(imagesPerSecond(h.store.getState().rate)).toBeCloseTo(800, 6);
  });

  it('a slider gesture leaves one chart marker, labelled with its final value; the URL follows the store', () => {
    const h = harness();
    h.recv(ready([1]));
    h.frame();
    for (const lambda of [0.5, 0.2, 0.1, 0.05, 0.01]) {
      h.tick(50);
      h.actions.setHyper({ lambda });
    }
    h.tick(5000);
    h.actions.setHyper({ alpha: 0.3 });
    h.frame();
    expect(h.views.markers.items.map((m) => m.label)).toEqual(['λ = 0.01', 'α = 0.3']);
    expect(h.sent.filter((m) => m.type === 'setHyper')).toHaveLength(6);
    expect(h.hashes.at(-1)).toContain('lambda=0.01');
    expect(h.hashes.at(-1)).toContain('alpha=0.3');
    expect(markerLabel({ lr: 0.02, batchSize: 64 })).toBe('lr = 0.02, batch = 64');
  });

  it('a worker blocked at start-up (no pong) is replaced, and the page says what it was waiting for', () => {
    const h = harness();
    h.recv({ type: 'starting', stage: { part: 'backend', backend: 'wasm' } });
    for (let t = 0; t < 10; t++) {
      h.tick(1000);
      h.watchTick();
    }
    h.frame();
    expect(h.store.getState().startupNote).toBe('Still starting after 10 s: waiting for the WebAssembly backend to start its threads.');
    expect(h.clients()).toBe(1);
    for (let t = 0; t < 3; t++) {
      h.tick(1000);
      h.watchTick();
    }
    h.frame();
    expect(h.clients()).toBe(2);
    expect(h.sent.filter((m) => m.type === 'init')).toHaveLength(2);
    expect(h.store.getState().notices.at(-1)?.message).toContain('did not answer for 12 s while waiting for the WebAssembly backend to start its threads');
    // The new worker answers: no note, no further restart.
    h.recv(ready([1]));
    for (let t = 0; t < 20; t++) {
      h.tick(1000);
      h.watchTick();
    }
    h.frame();
    expect(h.clients()).toBe(2);
    expect(h.store.getState().startupNote).toBeNull();
  });

  it('calls the λ > 0 run tight clusters only against its softmax-only twin\'s within/between, and keeps the shape figures in the series', () => {
    const shaped = (testAccuracy: number, elongation: number, withinOverBetween: number): EvalMetrics => ({ ...metrics(testAccuracy), intraOverInterMin: 0.3, elongation, withinOverBetween });
    const phases = (twinWb: number) => {
      const h = harness();
      h.recv(ready([0, 1]), { type: 'status', status: 'running', step: 0 });
      h.recv({ type: 'evalMetrics', run: 'run0', step: 200, metrics: shaped(0.95, 3.4, twinWb) }, { type: 'evalMetrics', run: 'run1', step: 200, metrics: shaped(0.95, 1.8, 0.07) });
      h.frame();
      const evals = h.views.runs.get('run1')!.series.evals.cols;
      expect([evals.elongation.at(0), evals.withinBetween.at(0)]).toEqual([1.8, 0.07]);
      return h.store.getState().runs.map((r) => r.phase);
    };
    // Round, and W/B 0.07 against the twin's 0.13 (0.54×): tight. Against 0.1 (0.7×) the same figures are not.
    expect(phases(0.13)).toEqual(['radial', 'compact']);
    expect(phases(0.1)).toEqual(['radial', 'separating']);
  });
});
