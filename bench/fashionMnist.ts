/**
 * Does center loss still help on a harder set? One epoch of the fast preset (slim) on Fashion-MNIST, λ = 0 and λ = 1 in
 * lockstep (same start, same batches), seeds 1-3, through `npm run train -- --data`, evaluated on the whole test set:
 *   npm run bench:fashion                  (about 10-20 min per seed on a shared 2-core machine; run it niced)
 *   npm run bench:fashion -- --logs DIR    (reads DIR/seed1.log … instead: the CLI's output saved earlier)
 * Prints one JSON object and writes it to bench/results/fashion-mnist.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const DATA = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';
const SEEDS = [1, 2, 3];
const ARGS = ['--data', DATA, '--preset', 'fast', '--variant', 'slim', '--sweep', '0,1', '--eval-size', '10000', '--report-every', '50'];

interface RunResult {
  seed: number;
  lambda: number;
  testAccuracy: number;
  nearestCenterAccuracy: number;
  withinOverBetween: number;
  intraOverInterMin: number;
}

const number = (block: string, label: string): number => {
  const m = new RegExp(`${label.replace(/[()/]/g, '\\$&')} +([\\d.]+)(%?)`).exec(block);
  if (!m) throw new Error(`no "${label}" in the CLI's output`);
  return Number((Number(m[1]) / (m[2] ? 100 : 1)).toFixed(6));
};

/** The CLI's final eval blocks, one per run, each titled by its run ("Softmax only (λ = 0)", "Softmax + center loss (λ = 1)"). */
function parse(seed: number, out: string): RunResult[] {
  const blocks = out.split(/^eval of /m).slice(1);
  if (blocks.length !== 2) throw new Error(`seed ${seed}: expected two eval blocks (λ 0 and 1), got ${blocks.length}`);
  return blocks.map((b) => ({
    seed,
    lambda: Number(/^[^\n]*?λ = ([\d.]+)/.exec(b)![1]),
    testAccuracy: number(b, 'test accuracy (softmax)'),
    nearestCenterAccuracy: number(b, 'nearest-center accuracy'),
    withinOverBetween: number(b, 'within / between'),
    intraOverInterMin: number(b, 'intra / min-inter'),
  }));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

const { values } = parseArgs({ options: { logs: { type: 'string' } } });
const runs = SEEDS.flatMap((seed) => {
  let out: string;
  if (values.logs) out = readFileSync(join(values.logs, `seed${seed}.log`), 'utf8');
  else {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'train.ts'), ...ARGS, '--seed', String(seed)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`seed ${seed}: the CLI failed (${r.status}): ${r.stderr}`);
    out = r.stdout;
  }
  return parse(seed, out);
});
const summary = Object.fromEntries(
  [0, 1].map((lambda) => {
    const rs = runs.filter((r) => r.lambda === lambda);
    const stat = (k: keyof RunResult) => ({ mean: mean(rs.map((r) => r[k])), sd: sd(rs.map((r) => r[k])) });
    return [`lambda${lambda}`, { testAccuracy: stat('testAccuracy'), nearestCenterAccuracy: stat('nearestCenterAccuracy'), withinOverBetween: stat('withinOverBetween'), intraOverInterMin: stat('intraOverInterMin') }];
  }),
);
const result = { what: 'Fashion-MNIST, one epoch of the fast preset (slim), λ 0 vs 1 in lockstep, whole test set', command: `npm run train -- ${ARGS.join(' ')} --seed N`, runs, summary };
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'fashion-mnist.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
