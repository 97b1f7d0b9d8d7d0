/** Nothing lost, in the engine: a save resumes bit for bit, a lost device resumes at the exact step with every run. */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { harness } from '../../test/sessionHarness';
import { pack, unpack, type Packed } from '../ml/bufferPack';
import { presetConfig, type RunConfig } from '../ml/config';
import { validateSavedSession, type SavedSession } from '../ml/savedSession';

const tiny = presetConfig('fast', { variant: 'slim', evalSize: 50, compare: true, hyper: { batchSize: 8 } });
/** The fallback after wasm is the (slow) cpu backend: smaller still. */
const small = presetConfig('fast', { variant: 'slim', evalSize: 10, compare: true, hyper: { batchSize: 2 } });

type H = ReturnType<typeof harness>;

async function saveOf(h: H, id: number): Promise<SavedSession> {
  await h.session.handle({ type: 'checkpoint', id });
  const m = h.last('checkpoint')!;
  expect(m.id).toBe(id);
  const save = (await unpack(m.save)) as SavedSession;
  expect([m.step, m.hyper]).toEqual([save.step, save.config.hyper]);
  return save;
}

/** Every run's parameters, optimizer state and centers, keyed "run/part/name", for an exact comparison. */
function tensorsOf(save: SavedSession): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  save.runs.forEach((r, k) => {
    for (const [n, v] of Object.entries(r.params)) out.set(`${k}/p/${n}`, v);
    for (const [b, values] of Object.entries(r.optimizer.buffers)) for (const [n, v] of Object.entries(values!)) out.set(`${k}/${b}/${n}`, v);
    out.set(`${k}/optimizer-step`, Float32Array.of(r.optimizer.step));
    out.set(`${k}/centers`, r.centers);
  });
  return out;
}

function expectSameBits(a: SavedSession, b: SavedSession): void {
  const ta = tensorsOf(a);
  const tb = tensorsOf(b);
  expect([...tb.keys()]).toEqual([...ta.keys()]);
  for (const [k, v] of ta) expect(Buffer.from(tb.get(k)!.buffer).equals(Buffer.from(v.buffer)), k).toBe(true);
}

/** n steps, a λ change, m steps: the same script for the interrupted and the uninterrupted session. */
async function train(h: H, n: number, m: number): Promise<void> {
  await h.session.handle({ type: 'step', n });
  await h.session.handle({ type: 'setHyper', id: 1, patch: { lambda: 0.5, alpha: 0.3 } });
  if (m > 0) await h.session.handle({ type: 'step', n: m });
}

async function started(config: RunConfig, watch = false): Promise<H> {
  const h = harness(watch, { frozenClock: true });
  await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
  return h;
}

describe('autosave and exact resume', () => {
  it('pause at step N, resume in a new session, k more steps: the weights of N + k uninterrupted steps, bit for bit', async () => {
    const whole = await started(tiny);
    await train(whole, 3, 2);
    await whole.session.handle({ type: 'step', n: 4 });
    const uninterrupted = await saveOf(whole, 10);
    expect(uninterrupted.step).toBe(9);

    const first = await started(tiny);
    await train(first, 3, 2);
    const saved = await saveOf(first, 11);
    expect(saved.step).toBe(5);
    expect(validateSavedSession(saved).ok).toBe(true);
    // The momentum is part of the state: after five steps it is not zero.
    expect(Object.values(saved.runs[0]!.optimizer.buffers.momentum_buffer!).some((v) => v.some((x) => x !== 0))).toBe(true);

    const second = await started(tiny);
    await second.session.handle({ type: 'resume', id: 12, save: pack(structuredClone(saved)) });
    const ready = second.last('ready')!;
    expect(ready.history).toEqual({ kind: 'resumed', id: 12 });
    expect(ready.step).toBe(5);
    expect(ready.config.hyper).toMatchObject({ lambda: 0.5, alpha: 0.3 });
    expect(ready.runs.map((r) => r.lambda)).toEqual([0, 0.5]);
    expect(second.last('status')).toMatchObject({ status: 'paused', step: 5 });
    await second.session.handle({ type: 'step', n: 4 });
    expectSameBits(await saveOf(second, 13), uninterrupted);
  });

  it('refuses a damaged or incompatible save with a reason, and keeps the model it has', async () => {
    const h = await started(tiny);
    await h.session.handle({ type: 'step', n: 2 });
    const good = await saveOf(h, 1);
    const shortened = structuredClone(good);
    shortened.runs[1]!.params['fc1.bias'] = new Float32Array(3);
    const poisoned = structuredClone(good);
    poisoned.runs[0]!.centers[4] = NaN;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, version: 3 }, /version must be 1 or 2/],
      [{ ...good, dataset: { id: 'fashion-mnist', name: 'Fashion-MNIST', classNames: good.dataset.classNames } }, /trained on Fashion-MNIST \(fashion-mnist\), but the loaded dataset is MNIST \(mnist\)/],
      [shortened, /run 1: params fc1\.bias has 3 values where \[2\] needs 2/],
      [poisoned, /run 0: a center value is not finite/],
      [{ ...good, runs: good.runs.slice(0, 1) }, /holds 1 runs where its settings make 2/],
      ['not a save', /expected object/i],
    ];
    for (const [k, [save, why]] of cases.entries()) {
      await h.session.handle({ type: 'resume', id: 20 + k, save: typeof save === 'string' ? (save as unknown as Packed) : pack(save) });
      expect(h.last('error')).toMatchObject({ code: 'invalid-save', requestId: 20 + k, detail: expect.stringMatching(why) });
    }
    await h.session.handle({ type: 'step', n: 1 });
    expect(h.last('progress')!.report.step).toBe(3);
  });

  it('a lost device: every run goes on at the last step reported, with the weights an uninterrupted run on the fallback computes', async () => {
    // No CPU copy falls due on a frozen clock: the fallback rebuilds from the seed and recomputes every step, λ change included.
    const lost = await started(small, true);
    await train(lost, 2, 2);
    lost.loseDevice('simulated loss');
    await lost.session.handle({ type: 'pause' });
    expect(lost.last('fallback')).toEqual({ type: 'fallback', from: 'wasm', to: 'cpu', reason: 'simulated loss', resumedStep: 4, replayed: 4 });
    const ready = lost.last('ready')!;
    expect([ready.backend.backend, ready.step, ready.history.kind]).toEqual(['cpu', 4, 'continues']);
    expect(ready.runs.map((r) => r.lambda)).toEqual([0, 0.5]);
    expect(tf.getBackend()).toBe('cpu');
    const after = await saveOf(lost, 30);

    const reference = await started({ ...small, backend: 'cpu' });
    await train(reference, 2, 2);
    expectSameBits(after, await saveOf(reference, 31));
  });

  it('a lost device after a CPU copy recomputes only the steps since it, and training goes on', async () => {
    // Each clock reading is a second later: a copy falls due after every chunk.
    const h = harness(true);
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: small });
    await h.session.handle({ type: 'step', n: 3 });
    await h.session.handle({ type: 'setHyper', id: 2, patch: { lambda: 0.2 } });
    h.loseDevice('simulated loss');
    await h.session.handle({ type: 'pause' });
    expect(h.last('fallback')).toMatchObject({ resumedStep: 3, replayed: 0 });
    expect(h.last('ready')!.runs.map((r) => r.lambda)).toEqual([0, 0.2]);
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.of('progress').slice(-2).map((p) => [p.run, p.report.step, p.report.lambda])).toEqual([
      ['run0', 5, 0],
      ['run1', 5, 0.2],
    ]);
  });

  it('a NaN in compare mode: every run pauses, and a restore brings every run back to the last good step\'s weights', async () => {
    const h = await started(tiny);
    await h.session.handle({ type: 'step', n: 1 });
    // An absurd learning rate without clipping, momentum near 1: the loss overflows within a few steps.
    await h.session.handle({ type: 'setHyper', id: 1, patch: { lr: 1, clip: 0, momentum: 0.999, lambda: 10, schedule: { kind: 'step', everyEpochs: 20, gamma: 0.5 } } });
    const saves = new Map<number, SavedSession>();
    for (let i = 0; i < 40 && !h.last('diverged'); i++) {
      saves.set(i + 1, await saveOf(h, 100 + i));
      await h.session.handle({ type: 'step', n: 1 });
    }
    const d = h.last('diverged')!;
    expect(h.last('status')!.status).toBe('diverged');
    // A diverged run is not autosaved: the last save stays the last good one.
    await h.session.handle({ type: 'checkpoint', id: 99 });
    expect(h.last('error')).toMatchObject({ code: 'not-ready', requestId: 99 });
    await h.session.handle({ type: 'restore' });
    expect(h.last('status')).toMatchObject({ status: 'paused', step: d.lastGoodStep });
    const restored = await saveOf(h, 200);
    expect(restored.step).toBe(d.lastGoodStep);
    const good = saves.get(d.lastGoodStep)!;
    expect(good.step).toBe(d.lastGoodStep);
    for (const [k, run] of restored.runs.entries()) expect(run.params).toEqual(good.runs[k]!.params);
  });
});
