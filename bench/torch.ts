/**
 * PyTorch's training step (bench/torch_step.py) timed on this CPU, for the benches to set beside their own figures.
 * Shared by bench/node.ts and bench/browser.ts so that both compare against the same script, run the same way.
 *
 * Never throws: without an importable torch the report is { available: false, reason }, and a failing run is
 * recorded in `errors` while the others go on.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import type { Variant } from '../src/ml/config';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = 'bench/torch_step.py';

export interface TorchRun {
  variant: Variant;
  batch: number;
  threads: number;
  imagesPerSec: number;
  msPerStep: number;
  warmupMs: number;
  steps: number;
  [k: string]: unknown;
}

export type TorchReport =
  | { available: false; reason: string }
  | { available: true; version: string; python: string; script: string; runs: TorchRun[]; errors: string[] };

export interface TorchCombo {
  variant: Variant;
  batch: number;
}

export function torchAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { ok: false, reason: `${PYTHON} could not run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, reason: `\`${PYTHON} -c "import torch"\` failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return { ok: true, version: r.stdout.trim() };
}

/** One torch_step.py run; the full model gets fewer warm-up and minimum steps, as ours does (a step costs ~10× more). */
function runOne(c: TorchCombo, threads: number, quick: boolean): TorchRun {
  const args = [SCRIPT, '--variant', c.variant, '--batch', String(c.batch), '--threads', String(threads)];
  args.push(...(c.variant === 'full' ? ['--warmup', '1', '--min-steps', '3'] : ['--warmup', '3', '--min-steps', '5']));
  args.push('--min-seconds', quick ? '1' : '5');
  const r = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error((r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop());
  return JSON.parse((r.stdout || '').trim().split('\n').pop() ?? '') as TorchRun;
}

/**
 * Times each combo, in the order given, with all cores (PyTorch's usual setting) and with 1 thread (the fair match
 * where tfjs-wasm is single-threaded, as in Node); on a 1-core machine that is a single run.
 */
export function runTorch(combos: readonly TorchCombo[], opts: { quick: boolean }): TorchReport {
  try {
    const avail = torchAvailable();
    if (!avail.ok) return { available: false, reason: avail.reason };
    const runs: TorchRun[] = [];
    const errors: string[] = [];
    const threadCounts = [...new Set([os.cpus().length, 1])];
    for (const c of combos) {
      for (const threads of threadCounts) {
        try {
          runs.push(runOne(c, threads, opts.quick));
        } catch (e) {
          errors.push(`${c.variant} b${c.batch} t${threads}: ${(e as Error).message}`);
        }
      }
    }
    return { available: true, version: avail.version, python: PYTHON, script: SCRIPT, runs, errors };
  } catch (e) {
    // Only reached on something unforeseen (spawnSync itself failing): the bench's own figures still matter more.
    return { available: false, reason: `PyTorch timing failed: ${(e as Error).message}` };
  }
}
