/**
 * One engine run laid out for PyTorch to retrace (scripts/dev/loss_twin.py): its initial weights, its batch order and its weights at a
 * few steps, so that PyTorch trains the same network on the same batches with the golden heads and compares, step by step.
 *   npx tsx scripts/dev/loss-twin.ts --loss sphereface --dim 3 --seed 1 --steps 469 --snaps 1,10,50,469 --out /tmp/twin
 * --order N writes N batches whatever --steps trains (a full run's weights from loss-recipes.ts --weights can then stand in as the last step).
 * The run is the CLI's (--preset fast --variant slim --holdout 9), as scripts/dev/loss-recipes.ts trains it.
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCli } from '../cliArgs';
import { activateBackend } from '../../src/ml/backend';
import { fitScheduleTo } from '../../src/ml/config';
import { loadMnist, type FetchBytes } from '../../src/ml/dataset';
import { exportTrainer } from '../../src/ml/headless';
import { modelSpec } from '../../src/ml/lenetpp';
import { BatchSampler, trainingIndices } from '../../src/ml/sampler';
import { serializeWeights } from '../../src/ml/weights';
import { makeRuns } from '../../src/workers/runFiles';
import { runInfos } from '../../src/workers/runs';

const HELD_OUT = 9;
const { values: o } = parseArgs({
  options: {
    loss: { type: 'string', default: 'sphereface' },
    dim: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string', default: '469' },
    snaps: { type: 'string', default: '1,10,50' },
    out: { type: 'string', default: '/tmp/twin' },
    order: { type: 'string' },
  },
});
const root = join(import.meta.dirname, '..', '..');
const fetcher =
  (dir: string): FetchBytes =>
  async (p) => (existsSync(join(dir, p)) ? new Uint8Array(readFileSync(join(dir, p))) : undefined);

await activateBackend('wasm');
const data = await loadMnist(fetcher(join(root, 'public', 'mnist')));
const cli = parseCli(['--preset', 'fast', '--variant', 'slim', '--backend', 'wasm', '--holdout', String(HELD_OUT), '--loss', o.loss!, '--feat-dim', o.dim!, '--seed', o.seed!]);
if (cli === 'help') throw new Error('--help is not a run');
const config = fitScheduleTo(cli.config, data.train.count);
const spec = modelSpec('slim', config.fc2Bias, { featDim: config.featDim, numClasses: 10 });
const t = makeRuns(runInfos(config), config, spec, data.train)[0]!.trainer;
const steps = Number(o.steps);
const snaps = new Set(o.snaps!.split(',').map(Number));
mkdirSync(o.out!, { recursive: true });
const save = async (name: string) => writeFileSync(join(o.out!, name), serializeWeights(await exportTrainer(t, { test: data.test, backend: 'wasm', evalSet: null, dataset: data.spec })));
await save('step0.json');
// The trainer's own order, drawn again from a sampler with the same indices and seed.
const sampler = new BatchSampler(trainingIndices(data.train.labels, HELD_OUT), config.seed);
const batches = Array.from({ length: Number(o.order ?? steps) }, () => Array.from(sampler.next(config.hyper.batchSize)));
writeFileSync(join(o.out!, 'batches.json'), JSON.stringify({ steps, hyper: t.hyper, batches }));
for (let s = 1; s <= steps; s++) {
  t.trainStep();
  if (snaps.has(s)) {
    await save(`step${s}.json`);
    process.stderr.write(`step ${s} saved\n`);
  }
}
t.dispose();
