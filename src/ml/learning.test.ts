/**
 * What the product teaches, on real MNIST digits, with the real slim LeNet++ on the wasm backend
 * (the backend a CPU-only browser trains on): λ = 1 against λ = 0 at equal steps and seed.
 *
 * MEASURED with scratch runs of this file's code (fast preset: lr 0.2, clip 1, momentum 0.9, wd 5e-4,
 * α 0.5, reference rule; a 10-step warm-up and a cosine to 0.05 over the run; evalMetrics on
 * balancedSubset(test, 500 or 1000); seed 1 unless said):
 *
 *   run                                                   intra/min-inter        test accuracy
 *                                                         λ = 0     λ = 1        λ = 0   λ = 1
 *   4,000 digits, batch 64, lr 0.1, 150 steps (this test)  0.51      1.76         0.82    0.55
 *     same, seed 2                                         1.23      2.04         0.80    0.54
 *     same, seed 3                                         0.73      1.14         0.80    0.57
 *   batch 64, lr 0.2, 150 steps, seeds 2 / 3               1.72/0.67 4.18/9.62    0.82    0.56/0.10 (!)
 *   batch 64, lr 0.2, 150 steps, no warm-up                0.72      2.10         0.88    0.75
 *   batch 32, lr 0.2, 300 steps                            1.01      5.75         0.87    0.60
 *   batch 32, lr 0.05, 300 steps                           0.56      2.18         0.84    0.46
 *   batch 16, lr 0.1, 600 steps                            0.57      1.02         0.90    0.82
 *   one epoch: 60,000 digits, batch 128, 469 steps         0.97      0.64         0.96    0.95   (the opt-in test)
 *     same, seed 2                                         0.80      0.60         0.96    0.87
 *
 * So within a CI budget (~10k images a run; wasm slim trains at ~200-330 images/s on this loaded
 * 2-core machine) center loss does NOT yet give a smaller intra/min-inter ratio than softmax alone: it
 * first shrinks the whole feature space (intra ~0.3 against ~5, the center distances likewise), and two
 * classes that are not yet separated share a center, so the min-inter distance is tiny and the ratio
 * is 1.6-14× LARGER at λ = 1. The ratio turns in λ = 1's favour only late in the first epoch, as the
 * learning rate decays (λ = 1, seed 1: 4.4 at step 100, 1.8 at 300, 0.64 at 469), and even then by
 * 1.3-1.5× on this preset, not "several times" (PyTorch, lr 0.1: 2.6×; method.md).
 *
 * So this test (~1-2 min here) asserts what does show early: both runs learn well beyond chance; λ = 1 pulls every feature onto its
 *   class center: mean ‖x − c_y‖ an order of magnitude smaller (measured ≥ 14×: 0.32-0.35 against
 *   4.9-5.2 over seeds 1-3) and L_C ≥ 100× smaller; no tensor leaks. The batch is halved to 64 with the
 *   fast preset's lr scaled to match (0.1): at lr 0.2 and batch 64 the λ = 1 run of seed 3 was still at
 *   chance after 150 steps. The ratios are printed, not asserted (see above).
 * One full epoch of the fast preset (6.3 min of wasm on a quiet machine, too long for CI) does give λ = 1
 * the smaller ratio: 0.64 against 0.97 (seed 1), 0.60 against 0.80 (seed 2). centerloss-effect.test.ts
 * asserts compactness with a scale- and center-free measure (within/between variance) that shows it early.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend, poolModeFor } from './backend';
import { presetConfig, type Hyper } from './config';
import type { LoadedMnist } from './dataset';
import { evaluateTrainer, makeEvalSet, type EvalSet } from './headless';
import { modelSpec } from './lenetpp';
import type { EvalMetrics } from './metrics';
import { balancedSubset, type MnistSplit } from './mnist';
import { Trainer, type WindowStats } from './trainer';

let data: LoadedMnist;
let evalSet: EvalSet;
beforeAll(async () => {
  await activateBackend('wasm');
  data = await loadPreparedMnist();
  evalSet = makeEvalSet(data.test, balancedSubset(data.test.labels, 1000));
});

/** The first n training digits: a few thousand are plenty for a short run. */
const firstDigits = (train: MnistSplit, n: number): MnistSplit => ({ split: 'train', count: n, pixels: train.pixels.subarray(0, n * 784), labels: train.labels.subarray(0, n) });

interface RunResult {
  metrics: EvalMetrics;
  /** Means over the last quarter of the steps. */
  window: WindowStats;
}

async function trainRun(train: MnistSplit, hyper: Hyper, steps: number, seed: number): Promise<RunResult> {
  const trainer = new Trainer({ spec: modelSpec('slim', true), hyper, seed, pool: poolModeFor('wasm'), train, heldOutClass: null });
  try {
    const tail = Math.ceil(steps / 4);
    for (let i = 0; i < steps - tail; i++) trainer.trainStep();
    await trainer.readWindow();
    for (let i = 0; i < tail; i++) trainer.trainStep();
    const window = await trainer.readWindow();
    expect(window.finite).toBe(true);
    const { metrics } = await evaluateTrainer(trainer, evalSet);
    return { metrics, window };
  } finally {
    trainer.dispose();
  }
}

const describeRuns = (label: string, r: Record<'0' | '1', RunResult>) =>
  `${label}: ` +
  (['0', '1'] as const)
    .map((l) => {
      const m = r[l].metrics;
      return `λ=${l} acc ${m.testAccuracy.toFixed(3)} nc ${m.nearestCenterAccuracy.toFixed(3)} intra ${m.intraDistance.toFixed(3)} interMin ${m.interMin.toFixed(3)} intra/min-inter ${m.intraOverInterMin.toFixed(3)} L_C ${r[l].window.centerLoss.toFixed(3)}`;
    })
    .join(' | ');

describe('center loss on real digits (wasm, slim LeNet++)', () => {
  it('pulls the features onto their class centers; both runs learn; nothing leaks', async () => {
    const STEPS = 150;
    const SEED = 1;
    // The fast preset with a batch and a schedule sized for a short run.
    const hyper = (lambda: number): Hyper => ({
      ...presetConfig('fast').hyper,
      lambda,
      batchSize: 64,
      lr: (presetConfig('fast').hyper.lr * 64) / 128,
      schedule: { kind: 'warmupCosine', warmupSteps: 10, decaySteps: STEPS, floor: 0.05 },
    });
    const train = firstDigits(data.train, 4000);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const runs = { '0': await trainRun(train, hyper(0), STEPS, SEED), '1': await trainRun(train, hyper(1), STEPS, SEED) };
    console.log(`${describeRuns(`${STEPS} steps × 64`, runs)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    expect(tf.memory().numTensors).toBe(before);

    const [m0, m1] = [runs['0'].metrics, runs['1'].metrics];
    // Chance is 10%. Measured over seeds 1-3: λ = 0 0.80-0.82; λ = 1 0.54-0.57, nearest-center 0.75-0.76
    // (λ = 1 learns more slowly, as in PyTorch).
    expect(m0.testAccuracy).toBeGreaterThan(0.6);
    expect(m1.testAccuracy).toBeGreaterThan(0.35);
    expect(m1.nearestCenterAccuracy).toBeGreaterThan(0.5);
    // The centers track the class means in both runs, but only λ = 1 pulls the features onto them:
    // measured ≥ 14× in distance and ≥ 100× in L_C; asserted with a ~3× and 5× margin.
    expect(m1.intraDistance * 5).toBeLessThan(m0.intraDistance);
    expect(runs['1'].window.centerLoss * 20).toBeLessThan(runs['0'].window.centerLoss);
    expect(Number.isFinite(m0.intraOverInterMin)).toBe(true);
    expect(Number.isFinite(m1.intraOverInterMin)).toBe(true);
  }, 300_000);
});
