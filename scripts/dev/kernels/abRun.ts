/**
 * Kernel A/B for the wasm backend: one Trainer, the registered kernel options switched between rounds
 * (so that both sides see the same machine load), the median step time of each, and a per-kernel
 * profile of one step of each. Shared by node.ts (one thread) and browser.worker.ts (the app's pool).
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels, restoreNativeWasmKernels, type WasmTrainingKernelOptions } from '../../../src/ml/backends/wasmKernels';
import { presetConfig, type Variant } from '../../../src/ml/config';
import { modelSpec } from '../../../src/ml/lenetpp';
import type { IdxSplit } from '../../../src/ml/idx';
import { buildTrainer } from '../../../src/ml/buildTrainer';

export interface AbRequest {
  variant: Variant;
  batch: number;
  rounds: number;
  /** Kernel options by name; {} is the app's default set. */
  configs: Record<string, WasmTrainingKernelOptions>;
}

export const DEFAULT_CONFIGS: Record<string, WasmTrainingKernelOptions> = {
  stockElementwise: { shareIdentity: false, fusedBiasPreluGrad: false },
  app: {},
};

/** Pseudo-random digits: the kernels' cost does not depend on the pixels. */
export function syntheticSplit(count = 4096): IdxSplit {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
  return { split: 'train', count, pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

/** Expects the wasm backend to be active. */
export async function abRun(req: AbRequest, train: IdxSplit = syntheticSplit()) {
  const config = presetConfig('fast', { hyper: { batchSize: req.batch } });
  const trainer = buildTrainer({ spec: modelSpec(req.variant, config.fc2Bias), hyper: config.hyper, seed: 1, train, heldOutClass: null });
  const step = async () => {
    trainer.trainStep();
    await trainer.readWindow();
  };
  const times: Record<string, number[]> = {};
  const profiles: Record<string, { kernel: string; ms: number; calls: number }[]> = {};
  try {
    for (let r = 0; r < req.rounds; r++) {
      for (const [name, options] of Object.entries(req.configs)) {
        restoreNativeWasmKernels();
        registerWasmTrainingKernels(options);
        await step(); // warm-up after the switch
        const t0 = performance.now();
        for (let i = 0; i < 3; i++) await step();
        (times[name] ??= []).push((performance.now() - t0) / 3);
        if (r === req.rounds - 1) {
          const p = await tf.profile(step);
          const by = new Map<string, { ms: number; calls: number }>();
          for (const k of p.kernels) {
            const e = by.get(k.name) ?? { ms: 0, calls: 0 };
            e.ms += Number(k.kernelTimeMs);
            e.calls++;
            by.set(k.name, e);
          }
          profiles[name] = [...by].map(([kernel, e]) => ({ kernel, ms: Math.round(e.ms * 10) / 10, calls: e.calls })).sort((a, b) => b.ms - a.ms).slice(0, 12);
        }
      }
    }
  } finally {
    restoreNativeWasmKernels();
    registerWasmTrainingKernels();
    trainer.dispose();
  }
  const summary = Object.fromEntries(
    Object.entries(times).map(([name, t]) => {
      const median = [...t].sort((a, b) => a - b)[t.length >> 1]!;
      return [name, { msPerStep: Math.round(median), imagesPerSec: Math.round((req.batch * 1000) / median), rounds: t.map(Math.round) }];
    }),
  );
  return { variant: req.variant, batch: req.batch, summary, profiles };
}
