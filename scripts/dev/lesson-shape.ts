/**
 * Steps to the lesson by shape, on the app's engine in Node (wasm): one λ > 0 run (the quick lesson from the shipped start, or
 * from scratch with its λ = 0 twin in lockstep), evaluated every --every steps on --eval class-balanced test digits. The lesson:
 * elongation ≤ 2.0, within/between ≤ 0.6× the softmax run's, test accuracy ≥ 93% (src/ml/shape.ts's rule).
 *   npx tsx scripts/dev/lesson-shape.ts --preset quick --batch 16 --lambda 0.1 --lr 0.02 --ramp 0 --seeds 1,2,3 --steps 300 --every 10
 * One JSON line per seed: the first step past the criterion, the figures then, the softmax panel's, and steps/s of training alone.
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activateBackend } from '../../src/ml/backend';
import { presetConfig, type PresetName } from '../../src/ml/config';
import { loadMnist, type FetchBytes } from '../../src/ml/dataset';
import { evaluateTrainer, makeEvalSet } from '../../src/ml/headless';
import { modelSpec } from '../../src/ml/lenetpp';
import { balancedSubset } from '../../src/ml/idx';
import { loadSoftmaxStart } from '../../src/ml/softmaxStart';
import { makeRuns, softmaxStarts } from '../../src/workers/runFiles';
import { runInfos } from '../../src/workers/runs';
import { elongation, withinBetween } from '../../src/ml/shape';

const { values: o } = parseArgs({
  options: {
    preset: { type: 'string', default: 'quick' },
    batch: { type: 'string' },
    lambda: { type: 'string' },
    lr: { type: 'string' },
    ramp: { type: 'string' },
    seeds: { type: 'string', default: '1,2,3' },
    steps: { type: 'string', default: '300' },
    every: { type: 'string', default: '10' },
    eval: { type: 'string', default: '2000' },
    'train-twin': { type: 'boolean', default: false },
    hold: { type: 'string', default: '0' },
    from: { type: 'string', default: '0' },
  },
});
const fetcher =
  (dir: string): FetchBytes =>
  async (p) => (existsSync(join(dir, p)) ? new Uint8Array(readFileSync(join(dir, p))) : undefined);
const root = join(import.meta.dirname, '..', '..');

await activateBackend('wasm');
const data = await loadMnist(fetcher(join(root, 'public', 'mnist')));
const set = makeEvalSet(data.test, balancedSubset(data.test.labels, Number(o.eval), 10));
const preset = o.preset as PresetName;
const start = preset === 'quick' ? (await loadSoftmaxStart(fetcher(join(root, 'public', 'starts')))).weights : null;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
for (const seed of o.seeds!.split(',').map(Number)) {
  const hyper = {
    ...(o.batch ? { batchSize: Number(o.batch) } : {}),
    ...(o.lambda ? { lambda: Number(o.lambda) } : {}),
    ...(o.lr ? { lr: Number(o.lr) } : {}),
    ...(o.ramp ? { lambdaWarmupSteps: Number(o.ramp) } : {}),
  };
  const config = presetConfig(preset, { seed, compare: true, variant: 'slim', backend: 'wasm', hyper });
  const infos = runInfos(config);
  const spec = start?.spec ?? modelSpec('slim', config.fc2Bias, { featDim: 2, numClasses: 10 });
  const runs = makeRuns(infos, config, spec, data.train, start ? softmaxStarts(start, infos) : undefined);
  const [twin, run] = [runs[0]!, runs[1]!];
  // The twin is trained too from scratch; in the quick lesson only with --train-twin (frozen otherwise).
  const trainTwin = preset !== 'quick' || o['train-twin'];
  const fig = async (t: typeof run.trainer) => {
    const ev = await evaluateTrainer(t, set);
    return { acc: r3(ev.metrics.testAccuracy), elongation: r3(elongation(ev.features, set.labels, 2)), withinBetween: r3(withinBetween(ev.features, set.labels, 2)) };
  };
  let soft = await fig(twin.trainer);
  const at0 = await fig(run.trainer);
  let trainMs = 0, first: null | Record<string, unknown> = null, held = 0;
  const trace: unknown[] = [];
  const steps = Number(o.steps), every = Number(o.every);
  let t0 = performance.now();
  for (let s = 1; s <= steps; s++) {
    run.trainer.trainStep();
    if (trainTwin) twin.trainer.trainStep();
    if (s % every !== 0 || s < Number(o.from)) continue;
    await run.trainer.readWindow();
    trainMs += performance.now() - t0;
    const m = await fig(run.trainer);
    if (trainTwin) soft = await fig(twin.trainer);
    t0 = performance.now();
    trace.push([s, m.acc, m.elongation, m.withinBetween, soft.elongation, soft.withinBetween]);
    const ok = m.elongation <= 2 && m.withinBetween <= 0.6 * soft.withinBetween && m.acc >= 0.93;
    if (!first && ok) first = { step: s, ...m, softmax: soft };
    else if (first && ok) held++;
    if (first && s >= (first.step as number) + Number(o.hold) * every) break;
  }
  const doneSteps = (trace.at(-1) as number[])[0]!;
  console.log(JSON.stringify({ preset, seed, batch: config.hyper.batchSize, lambda: config.hyper.lambda, lr: config.hyper.lr, ramp: config.hyper.lambdaWarmupSteps ?? 0, trainTwin, start: at0, first, held, stepsPerSec: Math.round((doneSteps / trainMs) * 1000 * 10) / 10, trace }));
  runs.forEach((r) => r.trainer.dispose());
}
