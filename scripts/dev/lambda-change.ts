/**
 * What the pictures do when λ changes mid-run, and what a sweep's figures say at step ~500: the data behind
 * the caption rule's spoke thresholds (src/ml/phase.ts). The fast preset, slim model, wasm, seed --seed:
 * λ = 1 lowered to --low at --at, λ = 0 raised to 1 at --at, and fixed λ = 0.01 and 0.1.
 *   npx tsx scripts/dev/lambda-change.ts [--seed 1] [--at 432] [--low 0.0093] [--steps 700] [--every 25] > /tmp/lambda.json
 */
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend } from '../../src/ml/backend';
import { presetConfig } from '../../src/ml/config';
import { evaluateTrainer, makeEvalSet, type EvalSet } from '../../src/ml/headless';
import { modelSpec } from '../../src/ml/lenetpp';
import { balancedSubset } from '../../src/ml/idx';
import { trainingPhase, type TrainingPhase } from '../../src/ml/phase';
import { buildTrainer } from '../../src/ml/buildTrainer';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    at: { type: 'string', default: '432' },
    low: { type: 'string', default: '0.0093' },
    steps: { type: 'string', default: '700' },
    every: { type: 'string', default: '25' },
    evalSize: { type: 'string', default: '400' },
  },
});
const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)) : x);

async function run(name: string, lambdas: (step: number) => number, steps: number, set: EvalSet, train: Awaited<ReturnType<typeof loadPreparedMnist>>['train']) {
  const hyper = { ...presetConfig('fast').hyper, lambda: lambdas(0), batchSize: 128 };
  const trainer = buildTrainer({ spec: modelSpec('slim', true), hyper, seed: Number(values.seed), train, heldOutClass: null });
  const every = Number(values.every);
  const rows = [];
  let phase: TrainingPhase | undefined;
  try {
    while (trainer.step < steps) {
      for (let i = 0; i < every; i++) {
        const l = lambdas(trainer.step);
        if (l !== trainer.hyper.lambda) trainer.setHyper({ lambda: l });
        trainer.trainStep();
      }
      await trainer.readWindow();
      const m = (await evaluateTrainer(trainer, set)).metrics;
      phase = trainingPhase(m, trainer.hyper.lambda, trainer.step, phase);
      rows.push({ step: trainer.step, lambda: trainer.hyper.lambda, phase, acc: round(m.testAccuracy), intraOverInterMin: round(m.intraOverInterMin), withinOverBetween: round(m.withinOverBetween), elongation: round(m.elongation), silhouette: round(m.silhouette) });
      console.error(name, JSON.stringify(rows.at(-1)));
    }
  } finally {
    trainer.dispose();
  }
  return { name, rows };
}

await activateBackend('wasm');
const { train, test } = await loadPreparedMnist();
const set = makeEvalSet(test, balancedSubset(test.labels, Number(values.evalSize)));
const at = Number(values.at);
const steps = Number(values.steps);
const low = Number(values.low);
const out = [
  await run('lowered', (s) => (s < at ? 1 : low), steps, set, train),
  await run('raised', (s) => (s < at ? 0 : 1), steps, set, train),
  await run('lambda0.01', () => 0.01, 500, set, train),
  await run('lambda0.1', () => 0.1, 500, set, train),
];
console.log(JSON.stringify(out, null, 1));
