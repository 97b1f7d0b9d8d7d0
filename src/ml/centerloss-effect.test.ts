/**
 * The effect the product teaches, on real digits, with the slim LeNet++ on wasm (what a CPU-only browser
 * trains): the same seed, start and batches, λ = 1 against λ = 0, with digit HELD_OUT kept out of training.
 *
 * Which number shows "more compact": the learned-center ratio intra / min-inter does not, this early. Two
 * centers that still share a cluster make min-inter tiny at λ = 1 (measured 1.2–4.2 against 0.7–1.7 at
 * 150–300 steps; it turns once λ = 1 fits its digits: see learning.test.ts). The within/between-class variance
 * of the features around their own class means is free of the feature scale and of the centers, and it
 * shows the effect from the first hundred steps, so this short run can check it on unseen digits.
 * Measured on 4,000 digits, batch 64, no held-out digit:
 *   seed 1, 150 steps: 0.169 (λ = 0) against 0.078 (λ = 1); 300 steps: 0.134 against 0.060
 *   seed 2, 150 steps: 0.202 against 0.102
 * and in this test's own setup (5,000 digits, 200 steps, 9 held out): 0.169 against 0.087 (0.51×) when
 * wasm pooled with reshape + max, 0.150 against 0.088 (0.58×) with tf.maxPool and its fixed gradient.
 * So about 2× smaller; asserted at < 0.7×, leaving room for another machine's summation order.
 *
 * The open-set check needs longer runs (after 200 steps it went either way): see learning.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend } from './backend';
import { presetConfig, type Hyper } from './config';
import type { LoadedMnist } from './dataset';
import { evaluateTrainer, makeEvalSet, type Evaluation } from './headless';
import { modelSpec } from './lenetpp';
import { withinBetween } from './shape';
import { balancedSubset, type IdxSplit } from './idx';
import { Trainer } from './trainer';

const HELD_OUT = 9;
const STEPS = 200;
const TRAIN_DIGITS = 5000;

let data: LoadedMnist;
const results: Record<'0' | '1', Evaluation & { labels: Uint8Array }> = {} as never;

const firstDigits = (train: IdxSplit, n: number): IdxSplit => ({ split: 'train', count: n, pixels: train.pixels.subarray(0, n * 784), labels: train.labels.subarray(0, n) });

beforeAll(async () => {
  await activateBackend('wasm');
  data = await loadPreparedMnist();
  const evalSet = makeEvalSet(data.test, balancedSubset(data.test.labels, 1000));
  const train = firstDigits(data.train, TRAIN_DIGITS);
  const before = tf.memory().numTensors;
  for (const lambda of [0, 1] as const) {
    const hyper: Hyper = { ...presetConfig('fast').hyper, lambda, batchSize: 64, schedule: { kind: 'warmupCosine', warmupSteps: 10, decaySteps: STEPS, floor: 0.05 } };
    const t = new Trainer({ spec: modelSpec('slim', true), hyper, seed: 1, train, heldOutClass: HELD_OUT });
    for (let i = 0; i < STEPS; i++) t.trainStep();
    results[String(lambda) as '0' | '1'] = { ...(await evaluateTrainer(t, evalSet)), labels: evalSet.labels };
    t.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}, 600_000);

/** Features and labels of the known (trained) digits only. */
function known(r: Evaluation & { labels: Uint8Array }): { f: Float32Array; y: Uint8Array } {
  const keep = Array.from(r.labels.keys()).filter((i) => r.labels[i] !== HELD_OUT);
  return { f: Float32Array.from(keep.flatMap((i) => [r.features[2 * i]!, r.features[2 * i + 1]!])), y: Uint8Array.from(keep, (i) => r.labels[i]!) };
}

describe(`center loss on real digits (slim, wasm, ${STEPS} steps, digit ${HELD_OUT} held out)`, () => {
  it('both runs learn the known digits', () => {
    for (const l of ['0', '1'] as const) {
      const m = results[l].metrics;
      console.log(`λ=${l}: acc ${m.testAccuracy.toFixed(3)} nc ${m.nearestCenterAccuracy.toFixed(3)} within/between(all) ${m.withinOverBetween.toFixed(4)} silhouette ${m.silhouette.toFixed(3)}`);
      // 900 of the 1,000 eval digits are known; chance is 10%.
      expect(m.testAccuracy).toBeGreaterThan(0.4);
    }
  });

  it('λ = 1 makes the known classes about twice as compact (within/between variance)', () => {
    const [r0, r1] = [known(results['0']), known(results['1'])];
    const w0 = withinBetween(r0.f, r0.y, 2);
    const w1 = withinBetween(r1.f, r1.y, 2);
    console.log(`within/between of known digits: λ=0 ${w0.toFixed(4)}, λ=1 ${w1.toFixed(4)}, ratio ${(w1 / w0).toFixed(2)}`);
    expect(w1).toBeLessThan(0.7 * w0);
  });
});
