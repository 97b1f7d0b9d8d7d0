/** buildTrainer: a run continued from its saved state (Adam's moments and step included) trains bit for bit as the run that never stopped. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { modelSpec } from './architecture';
import { buildTrainer, type StartFrom } from './buildTrainer';
import { OPTIMIZERS, presetConfig } from './config';
import type { IdxSplit } from './idx';
import type { Trainer } from './trainer';

let train: IdxSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  train = (await loadPreparedMnist()).train;
});

const spec = { ...modelSpec('slim', true), widths: [[4], [4], [8]] };

async function startOf(t: Trainer): Promise<StartFrom> {
  const [params, optimizer, centers] = await Promise.all([t.readParams(), t.readOptimizer(), t.readCenters()]);
  return { spec: t.spec, params, optimizer, centers: centers.slice(), state: t.state };
}

describe.each(OPTIMIZERS)('%s', (optimizer) => {
  const hyper = { ...presetConfig('fast').hyper, optimizer, batchSize: 8, lr: optimizer === 'sgd' ? 0.1 : 0.003 };
  // The training set is loaded before the tests run, not when they are declared.
  const recipe = () => ({ spec, hyper, seed: 3, train, heldOutClass: null });

  it('continues from its saved state exactly as the run that never stopped', async () => {
    const whole = buildTrainer(recipe());
    for (let i = 0; i < 3; i++) whole.trainStep();
    const saved = await startOf(whole);
    expect(saved.optimizer).toMatchObject({ kind: optimizer, step: 3 });
    const resumed = buildTrainer({ ...recipe(), from: saved });
    for (let i = 0; i < 2; i++) {
      whole.trainStep();
      resumed.trainStep();
    }
    const [a, b] = await Promise.all([startOf(whole), startOf(resumed)]);
    expect(b.state).toEqual(a.state);
    expect(b.optimizer).toEqual(a.optimizer);
    for (const [name, v] of a.params) expect(b.params.get(name), name).toEqual(v);
    expect(b.centers).toEqual(a.centers);
    whole.dispose();
    resumed.dispose();
  });

  it('started from a file (no optimizer state): fresh buffers at update 0, the file\u2019s weights and step', async () => {
    const t = buildTrainer(recipe());
    t.trainStep();
    const { optimizer: _, ...file } = await startOf(t);
    const fromFile = buildTrainer({ ...recipe(), from: file });
    const state = await fromFile.readOptimizer();
    expect(state.step).toBe(0);
    expect(Object.values(state.buffers).flatMap((b) => Object.values(b!)).every((v) => v.every((x) => x === 0))).toBe(true);
    expect(fromFile.step).toBe(1);
    t.dispose();
    fromFile.dispose();
  });
});

it('refuses an optimizer state of another kind than the run trains with', async () => {
  const recipe = { spec, hyper: { ...presetConfig('fast').hyper, batchSize: 8 }, seed: 3, train, heldOutClass: null };
  const t = buildTrainer(recipe);
  const saved = await startOf(t);
  t.dispose();
  const before = tf.memory().numTensors;
  expect(() => buildTrainer({ ...recipe, hyper: { ...recipe.hyper, optimizer: 'adamw' }, from: saved })).toThrow("the optimizer state is sgd's, but the run trains with adamw");
  expect(tf.memory().numTensors).toBe(before);
});
