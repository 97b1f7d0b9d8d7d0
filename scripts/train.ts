/**
 * Headless training on the app's own engine (src/ml), in Node:
 *   npm run train -- --preset fast --variant slim --steps 200 --seed 1 --out weights.json
 * Prints progress, evaluates on the test set at the end and writes the app's weights export format.
 * Exit status: 0 done, 1 bad flags, 2 the run failed (data missing, backend, divergence).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { activateBackend, poolModeFor } from '../src/ml/backend';
import { CENTER_RULES, PRESETS, presetConfig, RANGES, validateRunConfig, VARIANTS, type Hyper, type RunConfig } from '../src/ml/config';
import { loadMnist, type FetchBytes } from '../src/ml/dataset';
import { evaluateTrainer, exportTrainer, makeEvalSet } from '../src/ml/headless';
import { modelSpec, parameterCount } from '../src/ml/lenetpp';
import { balancedSubset } from '../src/ml/mnist';
import { Trainer } from '../src/ml/trainer';
import { parseWeightsFile, serializeWeights } from '../src/ml/weights';

const CLI_BACKENDS = ['wasm', 'cpu'] as const;
const MNIST_DIR = join(import.meta.dirname, '..', 'public', 'mnist');

const FLAGS: Array<[string, string]> = [
  [`--preset <${PRESETS.join('|')}>`, 'hyper-parameters to start from (default fast)'],
  [`--variant <${VARIANTS.join('|')}>`, 'model (default slim)'],
  ['--steps <n>', 'training steps (default: one epoch at the batch size)'],
  ['--seed <n>', 'seed of the initialisation and the batch order (default 1)'],
  ['--batch <n>', "batch size (default: the preset's, 128)"],
  ['--lambda <x>', "center-loss weight λ (default: the preset's)"],
  ['--alpha <x>', "center learning rate α (default: the preset's)"],
  ['--lr <x>', "peak learning rate of the model (default: the preset's)"],
  [`--rule <${CENTER_RULES.join('|')}>`, "center update rule (default: the preset's)"],
  [`--backend <${CLI_BACKENDS.join('|')}>`, 'tfjs backend (default wasm)'],
  ['--eval-size <n>', 'test digits evaluated at the end, class-balanced; 10000 = the whole test set (default 1000)'],
  ['--report-every <n>', 'steps between progress lines (default 25)'],
  ['--out <file>', "write the weights to this file (the app's export format)"],
  ['--help', 'this text'],
];

const USAGE = `Usage: npm run train -- [flags]

${FLAGS.map(([flag, what]) => `  ${flag.padEnd(34)}${what}`).join('\n')}

The preset's learning-rate schedule (printed at the start) is kept as the app has it, counted in steps,
whatever --steps and --batch are. Negative numbers need the = form: --lambda=-1.`;

class UsageError extends Error {}

function parseNumber(flag: string, text: string | undefined, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (text === undefined) return undefined;
  const v = text.trim() === '' ? NaN : Number(text);
  const kind = opts.int ? 'a whole number' : 'a number';
  if (!Number.isFinite(v) || (opts.int && !Number.isInteger(v))) throw new UsageError(`--${flag} must be ${kind}, got "${text}"`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${flag} must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${flag} must be at most ${opts.max}, got ${v}`);
  return v;
}

function oneOf<T extends string>(flag: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

interface CliOptions {
  config: RunConfig;
  backend: (typeof CLI_BACKENDS)[number];
  steps: number | undefined;
  evalSize: number;
  reportEvery: number;
  out: string | undefined;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: 'string' },
        variant: { type: 'string' },
        steps: { type: 'string' },
        seed: { type: 'string' },
        batch: { type: 'string' },
        lambda: { type: 'string' },
        alpha: { type: 'string' },
        lr: { type: 'string' },
        rule: { type: 'string' },
        backend: { type: 'string' },
        'eval-size': { type: 'string' },
        'report-every': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const s = (k: string) => values[k] as string | undefined;
  const preset = oneOf('preset', s('preset'), PRESETS, 'fast');
  const variant = oneOf('variant', s('variant'), VARIANTS, 'slim');
  const backend = oneOf('backend', s('backend'), CLI_BACKENDS, 'wasm');
  const hyper: Partial<Hyper> = {};
  const batch = parseNumber('batch', s('batch'), { int: true, ...RANGES.batchSize });
  const lambda = parseNumber('lambda', s('lambda'), RANGES.lambda);
  const alpha = parseNumber('alpha', s('alpha'), RANGES.alpha);
  const lr = parseNumber('lr', s('lr'), RANGES.lr);
  if (batch !== undefined) hyper.batchSize = batch;
  if (lambda !== undefined) hyper.lambda = lambda;
  if (alpha !== undefined) hyper.alpha = alpha;
  if (lr !== undefined) hyper.lr = lr;
  if (s('rule') !== undefined) hyper.rule = oneOf('rule', s('rule'), CENTER_RULES, 'reference');
  const seed = parseNumber('seed', s('seed'), { int: true, min: 0, max: 0xffffffff }) ?? 1;
  const steps = parseNumber('steps', s('steps'), { int: true, min: 1, max: 1e7 });
  const evalSize = parseNumber('eval-size', s('eval-size'), { int: true, ...RANGES.evalSize }) ?? 1000;
  const reportEvery = parseNumber('report-every', s('report-every'), { int: true, min: 1 }) ?? 25;
  const out = s('out');
  if (out !== undefined && out.trim() === '') throw new UsageError('--out must be a file name');
  // The same validation as the app's settings: a value out of range names its field.
  const valid = validateRunConfig(presetConfig(preset, { variant, backend, seed, evalSize, hyper }));
  if (!valid.ok) throw new UsageError(`invalid settings: ${valid.error}`);
  return { config: valid.value, backend, steps, evalSize, reportEvery, out };
}

const diskFetcher =
  (dir: string): FetchBytes =>
  async (path) => {
    const p = join(dir, path);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
  };

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (x: number, d = 4) => (Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(d));

async function run(opts: CliOptions): Promise<number> {
  const { config } = opts;
  const h = config.hyper;
  const t0 = performance.now();
  const { train, test } = await loadMnist(diskFetcher(MNIST_DIR));
  await activateBackend(opts.backend);
  const variant = config.variant === 'auto' ? 'slim' : config.variant;
  const spec = modelSpec(variant, config.fc2Bias);
  const trainer = new Trainer({ spec, hyper: h, seed: config.seed, pool: poolModeFor(opts.backend), train, heldOutClass: config.heldOutClass });
  const steps = opts.steps ?? trainer.stepsPerEpoch;
  console.log(
    `center-loss-lab train: ${variant} LeNet++ (${parameterCount(spec).toLocaleString('en-US')} parameters) on ${tf.getBackend()}, preset ${config.preset}, seed ${config.seed}\n` +
      `  λ ${h.lambda}  α ${h.alpha}  rule ${h.rule}  lr ${h.lr}  batch ${h.batchSize}  momentum ${h.momentum}  weight decay ${h.weightDecay}  clip ${h.clip || 'off'}  schedule ${JSON.stringify(h.schedule)}\n` +
      `  ${steps} steps (${(steps / trainer.stepsPerEpoch).toFixed(2)} epochs of ${trainer.stepsPerEpoch}); MNIST loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (opts.backend === 'cpu') console.log('  note: the cpu backend is plain JavaScript, hundreds of times slower than wasm for training');
  let windowStart = performance.now();
  const trainStart = windowStart;
  let images = 0;
  for (let i = 1; i <= steps; i++) {
    const lr = trainer.lr;
    trainer.trainStep();
    if (i % opts.reportEvery !== 0 && i !== steps) continue;
    const w = await trainer.readWindow();
    const now = performance.now();
    images += w.images;
    if (!w.finite) {
      console.error(`error: the loss became NaN or infinite by step ${trainer.step} (λ ${h.lambda}, α ${h.alpha}, lr ${h.lr}): lower the learning rate or λ`);
      trainer.dispose();
      return 2;
    }
    console.log(
      `step ${String(trainer.step).padStart(String(steps).length)}/${steps}  epoch ${trainer.epoch}  lr ${fmt(lr)}  CE ${fmt(w.ce)}  L_C ${fmt(w.centerLoss)}  total ${fmt(w.total)}  train acc ${pct(w.accuracy)}  ${Math.round((w.images / (now - windowStart)) * 1000)} img/s`,
    );
    windowStart = now;
  }
  const trainSec = (performance.now() - trainStart) / 1000;
  console.log(`trained ${steps} steps in ${trainSec.toFixed(1)} s (${Math.round(images / trainSec)} img/s)`);

  const set = makeEvalSet(test, balancedSubset(test.labels, opts.evalSize));
  const { metrics: m } = await evaluateTrainer(trainer, set);
  console.log(
    `eval on ${m.count} test digits${m.count === test.count ? ' (the whole test set)' : ' (class-balanced)'}:\n` +
      `  test accuracy (softmax)  ${pct(m.testAccuracy)}\n` +
      `  nearest-center accuracy  ${pct(m.nearestCenterAccuracy)}\n` +
      `  intra (mean ‖x − c_y‖)   ${fmt(m.intraDistance)}\n` +
      `  inter (min / mean)       ${fmt(m.interMin)} / ${fmt(m.interMean)}\n` +
      `  intra / min-inter        ${Number.isFinite(m.intraOverInterMin) ? fmt(m.intraOverInterMin) : '∞ (two centers coincide)'}`,
  );

  if (opts.out) {
    const text = serializeWeights(await exportTrainer(trainer, { test, backend: opts.backend, metrics: m }));
    const parsed = parseWeightsFile(text);
    if (!parsed.ok) {
      console.error(`error: the export does not validate: ${parsed.error}`);
      trainer.dispose();
      return 2;
    }
    const path = resolve(opts.out);
    writeFileSync(path, text);
    console.log(`wrote ${path} (${(text.length / 1024).toFixed(0)} KiB, center-loss-lab/weights v1, PyTorch layout)`);
  }
  trainer.dispose();
  return 0;
}

async function main(): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`error: ${e.message}\n\n${USAGE}`);
    return 1;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    return await run(opts);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
}

process.exitCode = await main();
