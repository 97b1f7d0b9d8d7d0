/**
 * What one training step costs on tfjs-webgpu: dispatches, uploads (bytes of tensor data written to the GPU),
 * readbacks, pipelines compiled after the first step, and the share of each tfjs kernel in the step's time
 * (GPU timestamps through tf.profile where the device has 'timestamp-query'; else none, said so).
 * It wraps the backend's recordAndSubmit, uploadToGPU, getBufferData and time (tfjs-webgpu 4.22 internals).
 *
 * No DOM import: this runs in the self-test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { presetConfig, type Variant } from './config';
import { modelSpec } from './lenetpp';
import type { IdxSplit } from './idx';
import { deriveRng } from './rng';
import { Trainer } from './trainer';

export interface StepCounts {
  dispatches: number;
  uploads: number;
  uploadBytes: number;
  readbacks: number;
  readbackBytes: number;
}

interface TimeFrame {
  dispatches: number;
}

interface BackendInternals {
  recordAndSubmit(...a: unknown[]): unknown;
  uploadToGPU(dataId: object): void;
  getBufferData(buffer: { size: number }): Promise<ArrayBuffer>;
  time(f: () => void): Promise<unknown>;
  tensorMap: { get(id: object): { values: unknown; resource: unknown; dtype: string; shape: number[] } | undefined };
  pipelineCache: Record<string, unknown>;
  device: { features: { has(f: string): boolean } };
}

const zero = (): StepCounts => ({ dispatches: 0, uploads: 0, uploadBytes: 0, readbacks: 0, readbackBytes: 0 });

/** Counts what the active webgpu backend does until restore() is called. */
export function instrumentWebGpu(): { counts: () => StepCounts; reset: () => void; frames: TimeFrame[]; pipelines: () => number; timestamps: boolean; restore: () => void } {
  if (tf.getBackend() !== 'webgpu') throw new Error(`instrumentWebGpu: the active backend is ${tf.getBackend()}, not webgpu`);
  const b = tf.backend() as unknown as BackendInternals;
  const orig = { recordAndSubmit: b.recordAndSubmit, uploadToGPU: b.uploadToGPU, getBufferData: b.getBufferData, time: b.time };
  let c = zero();
  const frames: TimeFrame[] = [];
  let frame: TimeFrame | null = null;
  b.recordAndSubmit = function (...a: unknown[]) {
    c.dispatches++;
    if (frame) frame.dispatches++;
    return orig.recordAndSubmit.apply(this, a);
  };
  b.uploadToGPU = function (dataId: object) {
    const d = b.tensorMap.get(dataId);
    if (d && d.resource == null && d.values != null) {
      c.uploads++;
      c.uploadBytes += 4 * d.shape.reduce((p, s) => p * s, 1);
    }
    return orig.uploadToGPU.call(this, dataId);
  };
  b.getBufferData = function (buffer: { size: number }) {
    c.readbacks++;
    c.readbackBytes += buffer.size;
    return orig.getBufferData.call(this, buffer);
  };
  // tf.profile times every kernel through backend.time, in execution order: one frame each.
  b.time = function (f: () => void) {
    const mine: TimeFrame = { dispatches: 0 };
    frames.push(mine);
    return orig.time.call(this, () => {
      const outer = frame;
      frame = mine;
      try {
        f();
      } finally {
        frame = outer;
      }
    });
  };
  return {
    counts: () => ({ ...c }),
    reset: () => {
      c = zero();
      frames.length = 0;
    },
    frames,
    pipelines: () => Object.keys(b.pipelineCache).length,
    timestamps: b.device.features.has('timestamp-query'),
    restore: () => Object.assign(b, orig),
  };
}

/** MNIST-sized random digits (the cost of a step does not depend on the pixels). */
export function syntheticTrainSplit(count = 60000, seed = 7): IdxSplit {
  const rng = deriveRng(seed, 9);
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.int(256);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.int(10);
  return { split: 'train', count, pixels, labels };
}

export interface KernelShare {
  name: string;
  calls: number;
  dispatches: number;
  ms: number;
  /** Of the summed kernel time of the profiled step (null without timestamps). */
  share: number | null;
}

export interface WebGpuProfile {
  variant: Variant;
  batch: number;
  /** Steps measured after the first. */
  steps: number;
  firstStep: StepCounts & { ms: number; compilations: number };
  dispatchesPerStep: number;
  uploadsPerStep: number;
  uploadBytesPerStep: number;
  readbacksPerStep: number;
  /** Pipelines compiled during the measured steps (0: every program was cached by the first step). */
  compilationsAfterFirstStep: number;
  /** Mean wall time of a measured step, the window's one readback included. */
  stepMs: number;
  imagesPerSec: number;
  timing: 'gpu-timestamps' | 'none';
  /** The profiled step, per tfjs kernel, by time (or by dispatches without timestamps). */
  kernels: KernelShare[];
  leakedTensors: number;
}

export interface ProfileOptions {
  variant: Variant;
  batch: number;
  steps: number;
  now?: () => number;
}

/** Runs 1 + steps training steps and one profiled step on the active (webgpu) backend, with synthetic MNIST. */
export async function profileWebGpuTraining(o: ProfileOptions, train: IdxSplit = syntheticTrainSplit()): Promise<WebGpuProfile> {
  const now = o.now ?? (() => Date.now());
  const before = tf.memory().numTensors;
  const inst = instrumentWebGpu();
  const cfg = presetConfig('fast', { hyper: { batchSize: o.batch } });
  const trainer = new Trainer({ spec: modelSpec(o.variant, true), hyper: cfg.hyper, seed: 1, pool: 'native', train, heldOutClass: null });
  let result: WebGpuProfile;
  try {
    const p0 = inst.pipelines();
    let t = now();
    trainer.trainStep();
    await trainer.readWindow();
    const first = { ...inst.counts(), ms: now() - t, compilations: inst.pipelines() - p0 };
    const p1 = inst.pipelines();
    inst.reset();
    t = now();
    for (let i = 0; i < o.steps; i++) trainer.trainStep();
    // Everything the loop did, before the window's read (which the app does once per report).
    const loop = inst.counts();
    await trainer.readWindow();
    const stepMs = (now() - t) / o.steps;
    const compilationsAfterFirstStep = inst.pipelines() - p1;
    inst.reset();
    const prof = await tf.profile(() => trainer.trainStep());
    await trainer.readWindow();
    const byName = new Map<string, KernelShare>();
    prof.kernels.forEach((k, i) => {
      const e = byName.get(k.name) ?? { name: k.name, calls: 0, dispatches: 0, ms: 0, share: null };
      e.calls++;
      // backend.time lists each program it timed ("Name: ms, …"): one entry per dispatch of this kernel.
      e.dispatches += typeof k.extraInfo === 'string' && k.extraInfo ? k.extraInfo.split(', ').length : (inst.frames[i]?.dispatches ?? 0);
      e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      byName.set(k.name, e);
    });
    const kernels = [...byName.values()];
    const totalMs = kernels.reduce((s, k) => s + k.ms, 0);
    const timing = inst.timestamps && totalMs > 0 ? 'gpu-timestamps' : 'none';
    for (const k of kernels) k.share = timing === 'none' ? null : Math.round((k.ms / totalMs) * 1000) / 1000;
    kernels.sort((a, b) => b.ms - a.ms || b.dispatches - a.dispatches);
    const per = (v: number) => Math.round((v / o.steps) * 10) / 10;
    result = {
      variant: o.variant,
      batch: o.batch,
      steps: o.steps,
      firstStep: first,
      dispatchesPerStep: per(loop.dispatches),
      uploadsPerStep: per(loop.uploads),
      uploadBytesPerStep: per(loop.uploadBytes),
      readbacksPerStep: per(loop.readbacks),
      compilationsAfterFirstStep,
      stepMs: Math.round(stepMs * 10) / 10,
      imagesPerSec: Math.round((o.batch * 1000 * 10) / stepMs) / 10,
      timing,
      kernels,
      leakedTensors: 0,
    };
  } finally {
    trainer.dispose();
    inst.restore();
  }
  result.leakedTensors = tf.memory().numTensors - before;
  return result;
}
