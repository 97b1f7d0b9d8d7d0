/**
 * What the live scatter costs the worker: wasm, slim, compare mode (two runs in lockstep), the same steps with and without keeping
 * each step's features and reading them back once per report (as the session does), in alternating blocks so that drift cancels.
 *   npx tsx scripts/dev/live-cost.ts [--batch 32] [--steps 40] [--rounds 4] [--every 1]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { activateBackend } from '../../src/ml/backend';
import { presetConfig } from '../../src/ml/config';
import { modelSpec } from '../../src/ml/lenetpp';
import { buildTrainer } from '../../src/ml/buildTrainer';
import { LiveCapture } from '../../src/workers/liveCapture';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '32' }, steps: { type: 'string', default: '40' }, rounds: { type: 'string', default: '4' }, every: { type: 'string', default: '1' } } });
const batch = Number(values.batch);
const steps = Number(values.steps);
const every = Number(values.every);
await activateBackend('wasm');
const { train } = await loadPreparedMnist();
const hyper = { ...presetConfig('fast').hyper, batchSize: batch };
const runs = [0, 1].map((lambda) => buildTrainer({ spec: modelSpec('slim', true), hyper: { ...hyper, lambda }, seed: 1, train, heldOutClass: null }));
const captures = runs.map((r) => new LiveCapture(r));

/** Images per second over `steps` lockstep steps, reading the window (and the live features when on) every `every` steps. */
async function block(live: boolean): Promise<number> {
  runs.forEach((r, k) => (r.featureSink = live ? captures[k]! : null));
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    for (const r of runs) r.trainStep();
    if (i % every === 0) await Promise.all(runs.flatMap((r, k) => [r.readWindow(), ...(live ? [captures[k]!.read()] : [])]));
  }
  return (steps * batch * runs.length * 1000) / (performance.now() - t0);
}

await block(false);
const off: number[] = [];
const on: number[] = [];
for (let k = 0; k < Number(values.rounds); k++) {
  off.push(await block(false));
  on.push(await block(true));
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
console.log(JSON.stringify({ backend: tf.getBackend(), batch, stepsPerBlock: steps, readEvery: every, imagesPerSecOff: off.map(Math.round), imagesPerSecOn: on.map(Math.round), costPercent: +(100 * (1 - median(on) / median(off))).toFixed(1) }));
captures.forEach((c) => c.dispose());
runs.forEach((r) => r.dispose());
