/** How often the worker reports, and what a report says: the training rate stays apart from the drawing rate. */
import type { MemoryInfo } from '@tensorflow/tfjs';
import { lossOf } from '../ml/losses/registry';
import type { Trainer, WindowStats } from '../ml/trainer';
import type { MemoryReport, ProgressReport } from './protocol';

/** Aim for about ten progress reports a second. */
export const REPORT_INTERVAL_MS = 100;
const MAX_STEPS_PER_REPORT = 200;

/** Reports every N steps, N adapted to the measured step time: the training rate stays apart from the drawing rate. */
export function stepsPerReportFor(msPerStep: number): number {
  if (!(msPerStep > 0)) return 1;
  return Math.min(MAX_STEPS_PER_REPORT, Math.max(1, Math.round(REPORT_INTERVAL_MS / msPerStep)));
}

/** A progress report from the window since the last one: n steps in ms milliseconds. */
export function progressReport(trainer: Trainer, stats: WindowStats, n: number, ms: number, memory?: MemoryReport): ProgressReport {
  // A head without centers has no λ·L_C in its total: its λ is 0 (L_C is still reported, as a figure).
  const lambda = lossOf(trainer.hyper).usesCenters ? trainer.hyper.lambda : 0;
  return {
    step: trainer.step,
    epoch: trainer.epoch,
    epochProgress: trainer.sampler.cursor / trainer.sampler.size,
    lr: trainer.lr,
    ce: stats.ce,
    centerLoss: stats.centerLoss,
    centerLossPaper: stats.centerLossPaper,
    lambda,
    weightedCenterLoss: lambda * stats.centerLoss,
    total: stats.total,
    batch: stats.last,
    trainAccuracy: stats.accuracy,
    gradNorm: stats.gradNorm,
    imagesPerSec: (stats.images / ms) * 1000,
    stepsPerReport: n,
    ...(memory ? { memory } : {}),
  };
}

/** What a report says of tf.memory(): wasm and cpu count no GPU bytes, webgl and webgpu add numBytesInGPU. */
export function memoryReport(m: MemoryInfo & { numBytesInGPU?: number }): MemoryReport {
  return { numTensors: m.numTensors, numBytes: m.numBytes, ...(typeof m.numBytesInGPU === 'number' ? { numBytesInGPU: m.numBytesInGPU } : {}) };
}
