/**
 * Training throughput of the app's own engine (src/ml/trainer.ts) in Node, on tfjs `wasm` and `cpu`,
 * next to PyTorch's step (bench/torch_step.py) on the same CPU in the same run.
 *
 *   npm run bench:node                    # prints JSON, writes bench/results/node-<timestamp>.json
 *   BENCH_QUICK=1 npm run bench:node      # shorter measuring windows (a smoke run)
 *
 * Never fails because PyTorch is missing: the JSON then says "pytorch": { "available": false, "reason": … }.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { activateBackend } from '../src/ml/backend';
import { presetConfig, type BackendName, type Variant } from '../src/ml/config';
import { modelSpec, parameterCount } from '../src/ml/lenetpp';
import { buildTrainer } from '../src/ml/buildTrainer';
import { loadPreparedMnist } from '../test/mnistFiles';
import { publishReport } from './results';
import { runTorch } from './torch';

const ROOT = join(import.meta.dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';

interface Plan {
  backend: BackendName;
  variant: Variant;
  batch: number;
  warmupSteps: number;
  /** Measure at least this many steps and at least minSeconds, but stop at maxSeconds (checked after each step). */
  minSteps: number;
  minSeconds: number;
  maxSeconds: number;
  note?: string;
}

interface Measured {
  backend: BackendName;
  variant: Variant;
  batch: number;
  parameters: number;
  warmupSteps: number;
  warmupMs: number;
  steps: number;
  wallMs: number;
  msPerStep: number;
  imagesPerSec: number;
  loadavgAfter: number[];
  note?: string;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const loadavg = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

function plans(): Plan[] {
  const s = QUICK ? 0.3 : 1;
  const out: Plan[] = [];
  for (const variant of ['slim', 'full'] as const) {
    for (const batch of [64, 128]) {
      out.push(
        variant === 'slim'
          ? { backend: 'wasm', variant, batch, warmupSteps: 3, minSteps: 5, minSeconds: 8 * s, maxSeconds: 60 }
          : { backend: 'wasm', variant, batch, warmupSteps: 1, minSteps: QUICK ? 1 : 3, minSeconds: 15 * s, maxSeconds: 90 },
      );
    }
  }
  // Plain JavaScript is 50-150x slower than wasm here (one slim step at batch 64 took about 2 minutes under load):
  // the slim model at batch 64 only, a single step, no separate warm-up. BENCH_CPU_STEPS=n measures n more after it.
  const cpuSteps = Number(process.env.BENCH_CPU_STEPS ?? 0);
  out.push({
    backend: 'cpu',
    variant: 'slim',
    batch: 64,
    warmupSteps: cpuSteps > 0 ? 1 : 0,
    minSteps: cpuSteps > 0 ? cpuSteps : 1,
    minSeconds: 0,
    maxSeconds: 300,
    note:
      cpuSteps > 0
        ? `cpu is very slow: slim at batch 64 only, 1 warm-up step and ${cpuSteps} measured (full and batch 128 not measured)`
        : 'cpu is very slow: slim at batch 64 only, ONE step with no warm-up before it (its time includes one-time setup); full and batch 128 not measured',
  });
  return out;
}

async function measure(p: Plan, train: Awaited<ReturnType<typeof loadPreparedMnist>>['train']): Promise<Measured> {
  await activateBackend(p.backend);
  const config = presetConfig('fast', { hyper: { batchSize: p.batch } });
  const spec = modelSpec(p.variant, config.fc2Bias);
  const trainer = buildTrainer({ spec, hyper: config.hyper, seed: 1, train, heldOutClass: null });
  try {
    // Each step is followed by a readback so that the timing covers the work, not just its queuing.
    const step = async () => {
      trainer.trainStep();
      const w = await trainer.readWindow();
      if (!w.finite) throw new Error(`${p.backend} ${p.variant} b${p.batch}: the loss became non-finite`);
    };
    const t0 = performance.now();
    for (let i = 0; i < p.warmupSteps; i++) await step();
    const t1 = performance.now();
    let n = 0;
    for (;;) {
      await step();
      n++;
      const el = (performance.now() - t1) / 1000;
      if (el >= p.maxSeconds || (n >= p.minSteps && el >= p.minSeconds)) break;
    }
    const wallMs = performance.now() - t1;
    return {
      backend: p.backend,
      variant: p.variant,
      batch: p.batch,
      parameters: parameterCount(spec),
      warmupSteps: p.warmupSteps,
      warmupMs: r1(t1 - t0),
      steps: n,
      wallMs: r1(wallMs),
      msPerStep: r1(wallMs / n),
      imagesPerSec: r1((n * p.batch * 1000) / wallMs),
      loadavgAfter: loadavg(),
      ...(p.note ? { note: p.note } : {}),
    };
  } finally {
    trainer.dispose();
  }
}

function tfjsVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return tf.version.tfjs;
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const machine = {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGiB: r1(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavgBefore: loadavg(),
    node: process.version,
    tfjs: tfjsVersion(),
    gpu: 'none used (Node: wasm and cpu backends only)',
  };
  const tLoad = performance.now();
  const { train } = await loadPreparedMnist();
  const datasetLoadMs = r1(performance.now() - tLoad);

  const tfjs: Measured[] = [];
  const errors: string[] = [];
  for (const p of plans()) {
    try {
      const m = await measure(p, train);
      tfjs.push(m);
      process.stderr.write(`[bench:node] ${m.backend} ${m.variant} b${m.batch}: ${m.imagesPerSec} images/s (warm-up ${m.warmupMs} ms)\n`);
    } catch (e) {
      errors.push(`${p.backend} ${p.variant} b${p.batch}: ${(e as Error).message}`);
    }
  }
  process.stderr.write('[bench:node] PyTorch…\n');
  // PyTorch runs with all cores and with 1 thread. tfjs-wasm is single-threaded in Node, so the 1-thread ratio is
  // the fair one here; in the browser it runs a thread pool, and there the all-cores ratio is (bench/browser.ts).
  const pytorch = runTorch(
    (['slim', 'full'] as const).flatMap((variant) => [64, 128].map((batch) => ({ variant, batch }))),
    { quick: QUICK },
  );

  // ratio = ours ÷ PyTorch, per variant and batch, for each PyTorch thread count.
  const ratios =
    pytorch.available
      ? tfjs
          .filter((m) => m.backend === 'wasm')
          .flatMap((m) =>
            pytorch.runs
              .filter((t) => t.variant === m.variant && t.batch === m.batch)
              .map((t) => ({
                backend: m.backend,
                variant: m.variant,
                batch: m.batch,
                torchThreads: t.threads,
                oursImagesPerSec: m.imagesPerSec,
                pytorchImagesPerSec: t.imagesPerSec,
                ratio: Math.round((m.imagesPerSec / t.imagesPerSec) * 1000) / 1000,
              })),
          )
      : [];

  const report = {
    kind: 'center-loss-lab/bench-node',
    date: started.toISOString(),
    machine: { ...machine, loadavgAfter: loadavg() },
    method:
      'Trainer.trainStep() + readWindow() per step (fast preset, seed 1, full MNIST train set), timed after warm-up steps; the warm-up time is reported apart. PyTorch: bench/torch_step.py, the same step (SGD momentum 0.9, wd 5e-4, clip 1, reference center rule), same CPU, same run.',
    quick: QUICK,
    datasetLoadMs,
    tfjs,
    pytorch,
    ratios,
    errors,
  };
  process.stderr.write(`[bench:node] wrote ${publishReport('node', started, report)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
