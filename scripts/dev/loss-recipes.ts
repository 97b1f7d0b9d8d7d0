/**
 * The loss family's one-epoch recipes on the app's engine in Node: the figures scripts/dev/angular_recipes.py gives in PyTorch,
 * from our own heads, trainer and metrics. Each run is the CLI's (scripts/cliArgs.ts: --preset fast --variant slim --holdout 9,
 * the loss's registry defaults, any extra flags after `--`), trained for --steps (469, the preset's decay and PyTorch's count).
 *   npx tsx scripts/dev/loss-recipes.ts --losses sphereface,cosface,arcface --dims 3,2 --seeds 1,2,3 --log bench/results/loss-recipes-engine.jsonl
 *   npx tsx scripts/dev/loss-recipes.ts --losses cosface --dims 3 --seeds 1 -- --margin-ramp 0
 * --weights DIR also writes each run's weights file there (loss-dim-seed.json), for scripts/dev/recipe_eval.py's PyTorch figures of the same weights.
 * One JSON line per run, appended to --log as soon as it ends (a run already there is skipped, so a crash loses nothing); progress on stderr.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCli } from '../cliArgs';
import { activateBackend } from '../../src/ml/backend';
import { fitScheduleTo, type Hyper } from '../../src/ml/config';
import { loadMnist, type FetchBytes } from '../../src/ml/dataset';
import { evaluateTrainer, exportTrainer, makeEvalSet } from '../../src/ml/headless';
import { serializeWeights } from '../../src/ml/weights';
import { modelSpec } from '../../src/ml/lenetpp';
import { degrees, leastWeightAngle, meanAngleToWeight } from '../../src/ml/angles';
import { cosineAuroc } from '../../src/ml/opensetCosine';
import { knownCenterDistances } from '../../src/ml/openset';
import { auroc, rocCurve } from '../../src/ml/roc';
import { elongation, withinBetween } from '../../src/ml/shape';
import { lossOf } from '../../src/ml/losses/registry';
import { makeRuns } from '../../src/workers/runFiles';
import { runInfos } from '../../src/workers/runs';

const HELD_OUT = 9;
/** The shape figures on the first SHAPE_PER_CLASS test digits of each known class, as angular_recipes.py takes them. */
const SHAPE_PER_CLASS = 200;

const { values: o, positionals: extra } = parseArgs({
  allowPositionals: true,
  options: {
    losses: { type: 'string', default: 'sphereface,cosface,arcface' },
    dims: { type: 'string', default: '3,2' },
    seeds: { type: 'string', default: '1,2,3' },
    steps: { type: 'string', default: '469' },
    backend: { type: 'string', default: 'wasm' },
    log: { type: 'string' },
    tag: { type: 'string', default: '' },
    weights: { type: 'string' },
  },
});
const list = (s: string) => s.split(',').filter(Boolean);
const root = join(import.meta.dirname, '..', '..');
const fetcher =
  (dir: string): FetchBytes =>
  async (p) => (existsSync(join(dir, p)) ? new Uint8Array(readFileSync(join(dir, p))) : undefined);
const say = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The runs already logged under this tag, so that a rerun after a crash goes on where it stopped. */
const done = new Set(
  o.log && existsSync(o.log)
    ? readFileSync(o.log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { loss: string; dim: number; seed: number; steps: number; tag?: string })
        .map((r) => `${r.loss}/${r.dim}/${r.seed}/${r.steps}/${r.tag ?? ''}`)
    : [],
);

await activateBackend(o.backend === 'cpu' ? 'cpu' : 'wasm');
const data = await loadMnist(fetcher(join(root, 'public', 'mnist')));
const { train, test } = data;
const all = Uint32Array.from({ length: test.count }, (_, i) => i);
const set = makeEvalSet(test, all);
const labels = set.labels;
const shapeIdx: number[] = [];
for (let c = 0; c < 10; c++) if (c !== HELD_OUT) shapeIdx.push(...all.filter((i) => labels[i] === c).slice(0, SHAPE_PER_CLASS));
const steps = Number(o.steps);

/** Argmax over the known classes' logits on the known digits: a never-trained class is no answer (as angular_recipes.py). */
function knownAccuracy(logits: Float32Array, classes: number): number {
  let right = 0, n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === HELD_OUT) continue;
    let best = -1;
    for (let k = 0; k < classes; k++) if (k !== HELD_OUT && (best < 0 || logits[i * classes + k]! > logits[i * classes + best]!)) best = k;
    n++;
    if (best === labels[i]) right++;
  }
  return right / n;
}

/** fc2's weight rows (one per class, PyTorch's [C, d]) from the trainer's tfjs [d, C]. */
function classRows(w: Float32Array, dim: number, classes: number): Float32Array {
  const rows = new Float32Array(classes * dim);
  for (let k = 0; k < dim; k++) for (let c = 0; c < classes; c++) rows[c * dim + k] = w[k * classes + c]!;
  return rows;
}

/** The head's parameters as the run trains with them: the settings' values, else the registry row's defaults. */
function paramsOf(h: Hyper): Record<string, unknown> {
  const head = lossOf(h);
  return Object.fromEntries(head.params.map((k) => [k, h[k] ?? (head.defaults as Partial<Record<string, unknown>>)[k]]));
}

for (const dim of list(o.dims!).map(Number)) {
  for (const loss of list(o.losses!)) {
    for (const seed of list(o.seeds!).map(Number)) {
      if (done.has(`${loss}/${dim}/${seed}/${steps}/${o.tag}`)) {
        say(`skip ${loss} ${dim}-D seed ${seed} (in ${o.log})`);
        continue;
      }
      const cli = parseCli(['--preset', 'fast', '--variant', 'slim', '--backend', o.backend!, '--holdout', String(HELD_OUT), '--loss', loss, '--feat-dim', String(dim), '--seed', String(seed), ...extra]);
      if (cli === 'help') throw new Error('--help is not a run');
      const config = fitScheduleTo(cli.config, train.count);
      const spec = modelSpec('slim', config.fc2Bias, { featDim: config.featDim, numClasses: 10 });
      const [run] = makeRuns(runInfos(config), config, spec, train);
      const t = run!.trainer;
      const t0 = performance.now();
      let diverged: number | null = null;
      for (let s = 1; s <= steps; s++) {
        t.trainStep();
        if (s % 50 !== 0 && s !== steps) continue;
        const w = await t.readWindow();
        if (!w.finite) {
          diverged = s;
          break;
        }
        const sec = (performance.now() - t0) / 1000;
        say(`${loss} ${dim}-D seed ${seed}: step ${s}/${steps}  CE ${w.ce.toFixed(3)}  train acc ${(100 * w.accuracy).toFixed(1)}%  ${(s / sec).toFixed(2)} steps/s`);
      }
      const secs = Math.round((performance.now() - t0) / 1000);
      const base = { loss, dim, seed, steps, tag: o.tag || undefined, backend: tf.getBackend(), params: paramsOf(t.hyper), ...(extra.length ? { flags: extra.join(' ') } : {}) };
      let line: Record<string, unknown>;
      if (diverged !== null) line = { ...base, diverged, secs };
      else {
        const ev = await evaluateTrainer(t, set);
        const w = classRows((await t.readParams()).get('fc2.weight')!, dim, 10);
        const least = leastWeightAngle(w, dim, HELD_OUT);
        const dist = knownCenterDistances(ev.features, ev.centers, dim, HELD_OUT);
        const sf = new Float32Array(shapeIdx.length * dim);
        shapeIdx.forEach((i, k) => sf.set(ev.features.subarray(i * dim, (i + 1) * dim), k * dim));
        const sl = Uint8Array.from(shapeIdx, (i) => labels[i]!);
        let norm = 0, known = 0;
        for (let i = 0; i < labels.length; i++) {
          if (labels[i] === HELD_OUT) continue;
          let s2 = 0;
          for (let k = 0; k < dim; k++) s2 += ev.features[i * dim + k]! ** 2;
          norm += Math.sqrt(s2);
          known++;
        }
        line = {
          ...base,
          acc: round(knownAccuracy(ev.logits, 10), 4),
          accAllClasses: round(ev.metrics.testAccuracy, 4),
          meanAngleDeg: round(degrees(meanAngleToWeight(ev.features, labels, w, dim, HELD_OUT)), 1),
          leastWAngleDeg: round(degrees(least.angle), 1),
          leastPair: least.pair,
          elongation: round(elongation(sf, sl, dim), 2),
          withinBetween: round(withinBetween(sf, sl, dim), 4),
          aurocCos: round(cosineAuroc(ev.features, w, labels, dim, HELD_OUT), 4),
          // By distance to the nearest known center: the tracked centers for center loss, the class means of these features otherwise (evaluateTrainer).
          aurocDist: round(auroc(rocCurve(dist, Array.from(labels, (l) => l === HELD_OUT))), 4),
          meanNorm: round(norm / known, 2),
          secs,
        };
      }
      if (o.weights && diverged === null) {
        mkdirSync(o.weights, { recursive: true });
        const file = await exportTrainer(t, { test, backend: 'wasm', evalSet: null, dataset: data.spec });
        writeFileSync(join(o.weights, `${loss}${o.tag ? `-${o.tag}` : ''}-d${dim}-s${seed}.json`), serializeWeights(file));
      }
      t.dispose();
      const json = JSON.stringify(line);
      console.log(json);
      if (o.log) appendFileSync(o.log, `${json}\n`);
      say(`${loss} ${dim}-D seed ${seed} done in ${secs} s; tensors alive ${tf.memory().numTensors}`);
    }
  }
}
