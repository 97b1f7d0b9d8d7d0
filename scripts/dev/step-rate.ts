/**
 * Steps per second of one run from the shipped start on wasm in Node (one thread), at several batch sizes, measured in
 * alternating blocks so that a shared machine's load falls on every batch size alike:
 *   npx tsx scripts/dev/step-rate.ts --batches 8,16,32 --frozen 0,2 --block 20 --rounds 4
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activateBackend } from '../../src/ml/backend';
import { presetConfig } from '../../src/ml/config';
import { loadMnist, type FetchBytes } from '../../src/ml/dataset';
import { loadSoftmaxStart } from '../../src/ml/softmaxStart';
import { makeRuns, softmaxStarts } from '../../src/workers/runFiles';
import { runInfos } from '../../src/workers/runs';

const { values: o } = parseArgs({ options: { batches: { type: 'string', default: '8,16,32' }, block: { type: 'string', default: '20' }, rounds: { type: 'string', default: '4' }, frozen: { type: 'string', default: '0' } } });
const fetcher =
  (dir: string): FetchBytes =>
  async (p) => (existsSync(join(dir, p)) ? new Uint8Array(readFileSync(join(dir, p))) : undefined);
const root = join(import.meta.dirname, '..', '..');
await activateBackend('wasm');
const data = await loadMnist(fetcher(join(root, 'public', 'mnist')));
const start = (await loadSoftmaxStart(fetcher(join(root, 'public', 'starts')))).weights;
const combos = o.batches!.split(',').map(Number).flatMap((batchSize) => o.frozen!.split(',').map(Number).map((frozenStages) => ({ batchSize, frozenStages })));
const trainers = combos.map(({ batchSize, frozenStages }) => {
  const config = presetConfig('quick', { seed: 1, variant: 'slim', backend: 'wasm', hyper: { batchSize, frozenStages } });
  const infos = runInfos(config);
  return { batchSize, frozenStages, trainer: makeRuns(infos, config, start.spec, data.train, softmaxStarts(start, infos))[0]!.trainer, ms: [] as number[] };
});
const block = Number(o.block);
for (const t of trainers) {
  for (let i = 0; i < 5; i++) t.trainer.trainStep();
  await t.trainer.readWindow();
}
for (let round = 0; round < Number(o.rounds); round++) {
  for (const t of trainers) {
    const t0 = performance.now();
    for (let i = 0; i < block; i++) t.trainer.trainStep();
    await t.trainer.readWindow();
    t.ms.push((performance.now() - t0) / block);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(JSON.stringify({ loadavg: os.loadavg().map((v) => Math.round(v * 10) / 10), perBatch: trainers.map((t) => ({ batch: t.batchSize, frozenStages: t.frozenStages, msPerStep: Math.round(median(t.ms) * 10) / 10, stepsPerSec: Math.round((1000 / median(t.ms)) * 10) / 10, blocks: t.ms.map((m) => Math.round(m)) })) }));
trainers.forEach((t) => t.trainer.dispose());
