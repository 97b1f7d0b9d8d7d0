/**
 * When does the early-phase caption switch? The app's compare mode in Node on wasm: for each seed, a
 * λ = 1 run and its λ = 0 twin (same start, same batches), the fast preset, slim model, batch 128,
 * evaluated every --every steps on the app's default wasm eval set (1,000 balanced test digits).
 * Prints the step at which each run's phase code changes, with the metrics there, as one JSON object.
 *   npx tsx scripts/dev/phase-switch.ts [--seeds 1,2,3] [--steps 600] [--every 10] [--lambda 1] [--trajectory]
 *   > /tmp/phase.json 2> /tmp/phase.log   (progress goes to stderr)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend, chooseBackend } from '../../src/ml/backend';
import { presetConfig } from '../../src/ml/config';
import { evaluateTrainer, makeEvalSet, type EvalSet } from '../../src/ml/headless';
import { modelSpec } from '../../src/ml/lenetpp';
import type { EvalMetrics } from '../../src/ml/metrics';
import { balancedSubset } from '../../src/ml/idx';
import { trainingPhase, type TrainingPhase } from '../../src/ml/phase';
import { buildTrainer } from '../../src/ml/buildTrainer';
import type { Trainer } from '../../src/ml/trainer';
import { defaultEvalSize } from '../../src/workers/evalSize';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    steps: { type: 'string', default: '600' },
    every: { type: 'string', default: '10' },
    lambda: { type: 'string', default: '1' },
    trajectory: { type: 'boolean', default: false },
  },
});
const SEEDS = values.seeds.split(',').map(Number);
const STEPS = Number(values.steps);
const EVERY = Number(values.every);
/** λ of the main run; its twin has λ = 0. */
const LAMBDA = Number(values.lambda);

/** The metrics the caption is decided on, rounded for reading. */
const brief = (m: EvalMetrics) => ({
  testAccuracy: round(m.testAccuracy),
  nearestCenterAccuracy: round(m.nearestCenterAccuracy),
  intraDistance: round(m.intraDistance),
  interMin: round(m.interMin),
  interMean: round(m.interMean),
  intraOverInterMin: round(m.intraOverInterMin),
  silhouette: round(m.silhouette),
  withinOverBetween: round(m.withinOverBetween),
});
const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

interface Point {
  step: number;
  metrics: EvalMetrics;
}

/** One run's metrics at step 0 and every EVERY steps up to STEPS. */
async function trajectory(seed: number, lambda: number, set: EvalSet, train: Parameters<typeof makeTrainer>[2]): Promise<Point[]> {
  const trainer = makeTrainer(seed, lambda, train);
  const points: Point[] = [];
  const t0 = performance.now();
  try {
    points.push({ step: 0, metrics: (await evaluateTrainer(trainer, set)).metrics });
    while (trainer.step < STEPS) {
      for (let i = 0; i < EVERY; i++) trainer.trainStep();
      const w = await trainer.readWindow();
      if (!w.finite) throw new Error(`seed ${seed} λ ${lambda}: the loss diverged by step ${trainer.step}`);
      points.push({ step: trainer.step, metrics: (await evaluateTrainer(trainer, set)).metrics });
      if (trainer.step % 100 === 0) console.error(`seed ${seed} λ ${lambda} step ${trainer.step} acc ${points.at(-1)!.metrics.testAccuracy} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    trainer.dispose();
  }
  return points;
}

function makeTrainer(seed: number, lambda: number, train: Awaited<ReturnType<typeof loadPreparedMnist>>['train']): Trainer {
  const hyper = { ...presetConfig('fast').hyper, lambda, batchSize: 128 };
  return buildTrainer({ spec: modelSpec('slim', true), hyper, seed, train, heldOutClass: null });
}

/** The phase at each point, fed its previous phase as the app does. */
function phases(points: Point[], lambda: number): TrainingPhase[] {
  const out: TrainingPhase[] = [];
  for (const p of points) out.push(trainingPhase(p.metrics, lambda, p.step, out.at(-1)));
  return out;
}

async function main(): Promise<void> {
  await activateBackend('wasm');
  const { train, test } = await loadPreparedMnist();
  // Two runs, as in compare mode.
  const evalSize = defaultEvalSize(chooseBackend('wasm', { webgpu: null, webgl: null, wasm: true }), 2);
  const set = makeEvalSet(test, balancedSubset(test.labels, evalSize));
  const before = tf.memory().numTensors;
  const seeds = [];
  for (const seed of SEEDS) {
    const runs = { main: await trajectory(seed, LAMBDA, set, train), softmaxOnly: await trajectory(seed, 0, set, train) };
    const other = { main: runs.softmaxOnly, softmaxOnly: runs.main };
    const report = Object.fromEntries(
      (['main', 'softmaxOnly'] as const).map((key) => {
        const pts = runs[key];
        const ph = phases(pts, key === 'main' ? LAMBDA : 0);
        const switches = ph.flatMap((p, k) =>
          k === 0 || p !== ph[k - 1]
            ? [{ step: pts[k]!.step, phase: p, metrics: brief(pts[k]!.metrics), twinTestAccuracy: round(other[key][k]!.metrics.testAccuracy) }]
            : [],
        );
        return [key, { switches, ...(values.trajectory ? { trajectory: pts.map((p, k) => ({ step: p.step, phase: ph[k], ...brief(p.metrics) })) } : {}) }];
      }),
    );
    seeds.push({ seed, ...report });
  }
  if (tf.memory().numTensors !== before) console.error(`warning: ${tf.memory().numTensors - before} tensors leaked`);
  const setup = { preset: 'fast', variant: 'slim', batchSize: 128, lambda: LAMBDA, backend: tf.getBackend(), evalSize, steps: STEPS, every: EVERY };
  console.log(JSON.stringify({ setup, seeds }, null, 1));
}

await main();
