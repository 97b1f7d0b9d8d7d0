/** The autosave through the bridge, in Node: when it saves, what a record holds, the resume offer, damage, a full quota, a crash. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeHarness } from '../../../test/bridgeHarness';
import { fakeSave } from '../../../test/fakeSave';
import { pack, unpack } from '../../ml/bufferPack';
import { presetConfig } from '../../ml/config';
import { validateSavedSession, type SavedSession } from '../../ml/savedSession';
import type { UiToWorker, WorkerToUi } from '../../workers/protocol';
import { openRecord, RECORD_FORMAT, type AutosaveRecord } from './record';
import { memorySlot } from './storage';

const config = presetConfig('fast', { variant: 'slim', compare: true, hyper: { batchSize: 8 } });
const backend = { backend: 'wasm', why: 'software-gpu', seen: { webgpu: null, webgpuFallback: false, webgl: null, webglSoftware: false }, adapter: null, realGpu: false, variant: 'slim', parameters: 1, threads: 2 } as const;

const ready = (step = 0, history: Extract<WorkerToUi, { type: 'ready' }>['history'] = { kind: 'new' }): WorkerToUi => ({
  type: 'ready',
  backend,
  config,
  history,
  step,
  epoch: 0,
  evalIndices: new Uint32Array([0]),
  evalLabels: new Uint8Array([7]),
  evalPixels: new Uint8Array(784),
  trainClassCounts: Array(10).fill(6000),
  runs: [
    { id: 'run0', loss: 'center', overrides: {}, lambda: 0, followsLambda: false, title: '' },
    { id: 'run1', loss: 'center', overrides: {}, lambda: 1, followsLambda: true, title: '' },
  ],
});

const progress = (run: 'run0' | 'run1', step: number): WorkerToUi => ({
  type: 'progress',
  run,
  report: { step, lambda: run === 'run0' ? 0 : 1, epoch: 0, epochProgress: 0, lr: 0.1, ce: 1 / step, centerLoss: 2, centerLossPaper: 8, weightedCenterLoss: 2, total: 3, batch: { ce: 1, centerLoss: 2, total: 3 }, trainAccuracy: 0.5, gradNorm: 1, imagesPerSec: 1, stepsPerReport: 1 },
});

const checkpoints = (sent: UiToWorker[]) => sent.filter((m): m is Extract<UiToWorker, { type: 'checkpoint' }> => m.type === 'checkpoint');
const flush = () => new Promise((r) => setTimeout(r, 0));
const checkpoint = (id: number, step: number, ms = 1): WorkerToUi => ({ type: 'checkpoint', id, save: pack(fakeSave(config, step)), step, hyper: config.hyper, ms });
const sessionOf = async (packed: unknown): Promise<SavedSession> => {
  const v = validateSavedSession(await unpack(packed));
  if (!v.ok) throw new Error(v.error);
  return v.value;
};

function savedRecord(step: number, session: SavedSession = fakeSave(config, step)): AutosaveRecord {
  const steps = Array.from({ length: step }, (_, i) => i + 1);
  const run = { loss: { step: steps, lambda: steps.map(() => 1), ce: steps, weightedCenter: steps, total: steps, trainAcc: steps }, evals: { step: [step], testAcc: [0.9], nearestAcc: [0.8] } };
  return { format: RECORD_FORMAT, savedAt: Date.UTC(2026, 11, 1, 14, 5), step, config, session: pack(session), page: { runs: [run, run], markers: [{ step: 2, keys: 'lambda', label: 'λ = 1' }] } };
}

beforeEach(() => vi.stubGlobal('requestAnimationFrame', () => 1));
afterEach(() => vi.unstubAllGlobals());

describe('autosave', () => {
  it('a pause saves at once: the worker\u2019s runs and the charts up to the saved step, in one record', async () => {
    const h = bridgeHarness(config);
    await flush();
    h.recv(ready(), { type: 'status', status: 'running', step: 0 }, progress('run0', 1), progress('run1', 1), progress('run0', 2), progress('run1', 2));
    h.frame();
    // Running: only the timer saves.
    expect(checkpoints(h.sent)).toEqual([]);
    h.autosaveTick();
    expect(checkpoints(h.sent)).toHaveLength(1);
    const first = checkpoints(h.sent)[0]!;
    // A report that arrives after the worker's copy is not in the record.
    h.recv(progress('run0', 3), checkpoint(first.id, 2, 4));
    await flush();
    const opened = await openRecord(h.slot.value);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.value.session.step).toBe(2);
    expect(opened.value.record.page.runs.map((r) => r.loss.step)).toEqual([[1, 2], [1, 2]]);
    h.frame();
    expect(h.store.getState().autosave).toMatchObject({ step: 2, workerMs: 4 });
    // The pause saves without waiting for the timer.
    h.recv({ type: 'status', status: 'paused', step: 3 });
    h.frame();
    expect(checkpoints(h.sent)).toHaveLength(2);
  });

  it('offers an earlier visit\u2019s save without overwriting it, and a resume brings back its charts and markers', async () => {
    const slot = memorySlot();
    slot.value = savedRecord(4);
    const h = bridgeHarness(config, slot);
    await flush();
    h.frame();
    expect(h.store.getState().resumeOffer).toMatchObject({ step: 4, summary: 'step 4 · slim · λ 0 vs 1 · seed 1' });
    h.recv(ready(), { type: 'status', status: 'idle', step: 0 });
    h.frame();
    expect(checkpoints(h.sent)).toEqual([]);
    h.actions.resumeSaved();
    const resume = h.sent.find((m): m is Extract<UiToWorker, { type: 'resume' }> => m.type === 'resume')!;
    expect((await sessionOf(resume.save)).step).toBe(4);
    h.recv(ready(4, { kind: 'resumed', id: resume.id }));
    h.frame();
    expect(h.store.getState().resumeOffer).toBeNull();
    expect(h.store.getState().notices.map((n) => n.message)).toContain('Resumed the saved run at step 4.');
    expect([...h.views.runs.values()].map((v) => v.series.loss.cols.step.toArray())).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
    expect(h.views.markers.items.map((m) => [m.step, m.label])).toEqual([[2, 'λ = 1']]);
  });

  it('Start fresh drops the offer; the next save replaces the old one', async () => {
    const slot = memorySlot();
    slot.value = savedRecord(4);
    const h = bridgeHarness(config, slot);
    await flush();
    h.recv(ready(), { type: 'status', status: 'idle', step: 0 });
    h.actions.discardSaved();
    h.frame();
    expect(h.store.getState().resumeOffer).toBeNull();
    h.recv({ type: 'status', status: 'paused', step: 1 });
    h.frame();
    expect(checkpoints(h.sent)).toHaveLength(1);
  });

  it('reports a damaged save and discards it; the page goes on', async () => {
    const slot = memorySlot();
    const session = fakeSave(config, 4);
    session.runs[0]!.optimizer.buffers.momentum_buffer!['conv1_1.weight'] = new Float32Array(7);
    slot.value = savedRecord(4, session);
    const h = bridgeHarness(config, slot);
    await flush();
    await flush();
    h.frame();
    const s = h.store.getState();
    expect(s.resumeOffer).toBeNull();
    expect(s.notices.map((n) => n.message)).toContain('The autosave of an earlier visit could not be used (run 0: momentum_buffer conv1_1.weight has 7 values where [5, 5, 1, 16] needs 400) and was discarded.');
    expect(slot.value).toBeUndefined();
  });

  it('a full quota is reported once, and training goes on', async () => {
    const slot = memorySlot();
    slot.write = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    const h = bridgeHarness(config, slot);
    await flush();
    h.recv(ready(), { type: 'status', status: 'running', step: 0 });
    for (const step of [1, 2]) {
      h.recv(progress('run0', step));
      h.autosaveTick();
      h.recv(checkpoint(checkpoints(h.sent).at(-1)!.id, step));
      await flush();
    }
    h.frame();
    const warnings = h.store.getState().notices.filter((n) => /storage is full/.test(n.message));
    expect(warnings).toHaveLength(1);
    expect(h.store.getState().status).toBe('running');
    h.actions.pause();
    expect(h.sent.at(-1)).toEqual({ type: 'pause' });
  });

  it('a crashed worker is replaced, and the new one resumes the last save', async () => {
    const h = bridgeHarness(config);
    await flush();
    h.recv(ready(), { type: 'status', status: 'paused', step: 3 });
    h.frame();
    h.recv(checkpoint(checkpoints(h.sent)[0]!.id, 3));
    await flush();
    h.crash('simulated crash');
    expect(h.clients()).toBe(2);
    const init = h.sent.filter((m): m is Extract<UiToWorker, { type: 'init' }> => m.type === 'init').at(-1)!;
    expect((await sessionOf(init.resume?.save)).step).toBe(3);
    h.frame();
    expect(h.store.getState().notices.find((n) => n.kind === 'error')?.message).toBe('The training worker stopped (simulated crash). It was restarted and resumed from the autosave at step 3.');
    h.recv(ready(3, { kind: 'resumed', id: init.resume!.id }));
    h.frame();
    expect(h.store.getState().step).toBe(3);
  });

  it('storage that cannot be read is reported; a crash still resumes from the copy kept in memory', async () => {
    const slot = memorySlot();
    slot.read = () => Promise.reject(new Error('blocked'));
    slot.write = () => Promise.reject(new Error('blocked'));
    const h = bridgeHarness(config, slot);
    await flush();
    h.recv(ready(), { type: 'status', status: 'paused', step: 2 });
    h.frame();
    h.recv(checkpoint(checkpoints(h.sent)[0]!.id, 2));
    await flush();
    h.frame();
    expect(h.store.getState().notices.filter((n) => /blocked/.test(n.message)).map((n) => n.message)).toEqual(['The autosave could not be read (blocked): training works, but a reload will not offer to resume.']);
    h.crash('simulated crash');
    const init = h.sent.filter((m): m is Extract<UiToWorker, { type: 'init' }> => m.type === 'init').at(-1)!;
    expect((await sessionOf(init.resume?.save)).step).toBe(2);
  });

  it('a crash before this visit saved anything keeps the earlier visit\u2019s offer', async () => {
    const slot = memorySlot();
    slot.value = savedRecord(4);
    const h = bridgeHarness(config, slot);
    await flush();
    h.crash('simulated crash');
    h.frame();
    expect(h.store.getState().resumeOffer).toMatchObject({ step: 4 });
    expect(h.sent.filter((m) => m.type === 'init').at(-1)).not.toHaveProperty('resume');
  });
});
