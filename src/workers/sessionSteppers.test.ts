/** Runs side by side in steppers (./steppers.ts) train exactly as the session would train them itself, and a failed stepper loses nothing. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { harness } from '../../test/sessionHarness';
import { inProcessSteppers } from '../../test/inProcessSteppers';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend } from '../ml/backend';
import { buildTrainer } from '../ml/buildTrainer';
import { modelSpec } from '../ml/lenetpp';
import type { TrainerCopy } from '../ml/trainer';
import { copyToCpu } from './runFiles';
import { StepHost } from './stepHost';

const compare = presetConfig('fast', { variant: 'slim', compare: true, evalSize: 50, hyper: { batchSize: 8, lambda: 0.5 } });

type Harness = ReturnType<typeof harness>;

/** Whether two copies of a run hold the same state, bit for bit (a failing toEqual would print 60,000 numbers). */
function same(x: TrainerCopy, y: TrainerCopy): boolean {
  const flat = (c: TrainerCopy) => JSON.stringify([c.state, c.optimizer.kind, c.optimizer.step, [...c.params].map(([k, v]) => [k, Array.from(v)]), Object.entries(c.optimizer.buffers).map(([k, m]) => [k, Object.entries(m ?? {}).map(([n, v]) => [n, Array.from(v)])]), Array.from(c.centers)]);
  return flat(x) === flat(y);
}

/** What the page is told: each run's figures, its training features and the eval digits' features. */
function told(h: Harness) {
  return {
    progress: h.of('progress').map((m) => [m.run, m.report.step, m.report.epochProgress, m.report.ce, m.report.centerLoss, m.report.trainAccuracy, m.report.gradNorm]),
    live: h.of('trainFeatures').map((m) => [m.run, m.step, Array.from(m.features), Array.from(m.labels), Array.from(m.centers)]),
    embedded: h.of('embedding').map((m) => [m.run, m.step, Array.from(m.features)]),
  };
}

/** Steps of 2, 2 and 1 (the runs' next 2 steps were taken ahead and are dropped), then a λ change and 2 more. */
async function lesson(h: Harness) {
  await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: compare });
  for (const n of [2, 2, 1]) await h.session.handle({ type: 'step', n });
  await h.session.handle({ type: 'setHyper', id: 1, patch: { lambda: 2 } });
  await h.session.handle({ type: 'step', n: 2 });
  return told(h);
}

describe('runs trained side by side in steppers', () => {
  it('give every figure the session would give stepping both runs itself, bit for bit', async () => {
    const steppers = inProcessSteppers();
    const elsewhere = await lesson(harness(false, { steppers }));
    const here = await lesson(harness());
    const steps = steppers.sent.flatMap((m) => (m.type === 'steps' ? [m] : []));
    // A run's state travels to its stepper only when the stepper does not hold it at the steps asked: at the start, when the number of
    // steps changes, and when a setting does; otherwise each stepper had gone on by itself.
    const full = steps.filter((m) => m.start !== null).map((m) => [m.fromStep, m.n, m.recipe.hyper.lambda]);
    expect(full).toEqual([[0, 2, 0], [0, 2, 0.5], [4, 1, 0], [4, 1, 0.5], [5, 2, 0], [5, 2, 2]]);
    expect(steps.filter((m) => m.start === null).length).toBe(8);
    expect(elsewhere.progress.map((p) => p.slice(0, 2))).toEqual([['run0', 2], ['run1', 2], ['run0', 4], ['run1', 4], ['run0', 5], ['run1', 5], ['run0', 7], ['run1', 7]]);
    expect(elsewhere).toEqual(here);
    // The twins differ: λ acted in the stepper.
    expect(elsewhere.progress[1]![4]).not.toEqual(elsewhere.progress[0]![4]);
  });

  it('a stepper that dies is said in words, and the runs go on from the same step in the session', async () => {
    const steppers = inProcessSteppers();
    const h = harness(false, { steppers });
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: compare });
    await h.session.handle({ type: 'step', n: 2 });
    steppers.kill('simulated stepper crash');
    await h.session.handle({ type: 'step', n: 1 });
    expect(h.last('adjusted')!.change).toEqual({ kind: 'steppers-failed', detail: 'simulated stepper crash' });
    expect(h.of('progress').map((m) => [m.run, m.report.step])).toEqual([['run0', 2], ['run1', 2], ['run0', 3], ['run1', 3]]);
    const sentBefore = steppers.sent.length;
    await h.session.handle({ type: 'step', n: 1 });
    expect(steppers.sent.length).toBe(sentBefore);
    expect(h.last('progress')!.report.step).toBe(4);

    const after = h.of('progress').filter((m) => m.report.step === 3).map((m) => m.report.ce);
    // The same step 3 as a session that never had steppers: nothing was lost or taken twice.
    const fresh = harness();
    await fresh.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: compare });
    await fresh.session.handle({ type: 'step', n: 2 });
    await fresh.session.handle({ type: 'step', n: 1 });
    expect(after).toEqual(fresh.of('progress').filter((m) => m.report.step === 3).map((m) => m.report.ce));
  });

  it('a threaded stepper that does not start is replaced by a single-threaded one, and the runs still train side by side', async () => {
    const steppers = inProcessSteppers({ hang: 'threaded' });
    const h = harness(false, { steppers });
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: compare });
    steppers.expire();
    await h.session.handle({ type: 'step', n: 2 });
    expect(steppers.sent.flatMap((m) => (m.type === 'setup' ? [m.build] : []))).toEqual(['threaded', 'threaded', 'single', 'single']);
    // Each replacement got the data again before the steps.
    expect(steppers.sent.filter((m) => m.type === 'data')).toHaveLength(4);
    expect(steppers.sent.filter((m) => m.type === 'steps' && m.start !== null)).toHaveLength(2);
    expect(h.of('adjusted')).toEqual([]);
    expect(h.of('progress').map((m) => [m.run, m.report.step])).toEqual([['run0', 2], ['run1', 2]]);
  });

  it('a stepper that never starts on either build is given up in words, and the runs train in the session', async () => {
    const steppers = inProcessSteppers({ hang: 'every build' });
    const h = harness(false, { steppers });
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: compare });
    steppers.expire();
    steppers.expire();
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.last('adjusted')!.change).toEqual({ kind: 'steppers-failed', detail: 'a stepper did not start within 15 s' });
    expect(h.of('progress').map((m) => [m.run, m.report.step])).toEqual([['run0', 2], ['run1', 2]]);
    expect(steppers.sent.filter((m) => m.type === 'steps')).toEqual([]);
  });

  it('a single run is stepped by the session itself', async () => {
    const steppers = inProcessSteppers();
    const h = harness(false, { steppers });
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: { ...compare, compare: false } });
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.last('progress')!.report.step).toBe(2);
    expect(steppers.sent).toEqual([]);
  });

  it('a stepper without data answers in words', async () => {
    const host = new StepHost();
    const reply = await host.handle({ type: 'steps', seq: 1, recipe: { spec: { variant: 'slim', widths: [[2], [2], [4]], featDim: 2, numClasses: 10, fc2Bias: true }, hyper: compare.hyper, seed: 1, heldOutClass: null }, start: { params: new Map(), optimizer: { kind: 'sgd', step: 0, buffers: {} }, centers: new Float32Array(20), state: { step: 0, sampler: { epoch: 0, cursor: 0 } } }, fromStep: 0, n: 1 });
    expect(reply).toEqual({ type: 'failed', seq: 1, detail: 'the stepper has no training data' });
  });

  it('a trainer takes another’s state whole, and no tensor is left behind', async () => {
    await activateBackend('wasm');
    const { train } = await loadPreparedMnist();
    const recipe = { spec: modelSpec('slim', true), hyper: compare.hyper, seed: 4, train, heldOutClass: null };
    const a = buildTrainer(recipe);
    const b = buildTrainer(recipe);
    for (let i = 0; i < 3; i++) a.trainStep();
    b.trainStep();
    const before = tf.memory().numTensors;
    const [copy] = await copyToCpu([a]);
    b.load(copy!);
    expect(tf.memory().numTensors).toBe(before);
    const [back] = await copyToCpu([b]);
    expect(same(back!, copy!)).toBe(true);
    // A copy of another model is refused before anything changes.
    expect(() => b.load({ ...copy!, centers: new Float32Array(3) })).toThrow('the copy has centers of another size');
    expect(same((await copyToCpu([b]))[0]!, copy!)).toBe(true);
    // The next step of each is the same step: same batch, same update.
    a.trainStep();
    b.trainStep();
    const [a4, b4] = await copyToCpu([a, b]);
    expect(a4!.state.step).toBe(4);
    expect(same(a4!, b4!)).toBe(true);
    a.dispose();
    b.dispose();
  });
});
