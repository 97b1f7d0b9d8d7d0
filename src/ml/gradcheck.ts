/**
 * Gradient check of a tfjs backend against `cpu`: center loss's total (losses/center.ts) of a tiny LeNet++-shaped model
 * and its gradient with respect to every parameter, on identical seeded inputs.
 *
 * Why: tfjs backends can be silently wrong (tfjs-wasm 4.22's MaxPoolGrad is; docs: browser.md), and
 * tfjs has no per-kernel fallback, so every backend the app ships is checked against `cpu`.
 *
 * No DOM import: this file runs in a Web Worker (the self-test page) and in Node (Vitest).
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from './backend';
import type { WasmTrainingKernelOptions } from './backends/wasmKernels';
import { webGpuKernelCalls, type WebGpuTrainingKernelOptions } from './backends/webgpuKernels';
import { PRESET_HYPER, type BackendName, type Variant } from './config';
import { centerLossHead } from './losses/center';
import { createParams, deepFeatures, fc2Of, initialValues, modelSpec, paramInfos, type ModelSpec, type Params, type PoolMode } from './lenetpp';
import { deriveRng } from './rng';

/** LeNet++'s layer structure (3 conv stages with PReLU and 2×2 max-pool, fc1 → 2-D features, fc2) at toy widths. */
export const GRADCHECK_SPEC: ModelSpec = { ...modelSpec('slim', true), widths: [[2], [2], [4]] };
export const GRADCHECK_BATCH = 2;
export const GRADCHECK_SEED = 20160;
export const GRADCHECK_LAMBDA = 1;

/**
 * Largest accepted max|g − g_cpu| / max|g_cpu| per parameter. Both sides are float32 (eps 1.2e-7) and
 * sum in different orders (GPU shaders also approximate exp/log). Measured on this model and seed, worst
 * parameter: wasm 2.6e-6 (Node and Chromium), webgpu 2.4e-6 and webgl 2.9e-6 (both on SwiftShader),
 * the rest ≤ 1e-6. 1e-4 leaves ~35× headroom; a wrong kernel is off by 1e-1 … 1 (tfjs-wasm's stock
 * MaxPoolGrad: 1.0 here, see gradcheck.test.ts). A GPU that computes in float16 would fail: that is meant.
 */
export const GRAD_TOLERANCE = 1e-4;

/** Everything one gradient evaluation needs, as plain arrays (so that it crosses backends and threads). */
export interface GradCheckCase {
  spec: ModelSpec;
  /** Parameter values under their state_dict names, tfjs layout. */
  values: Map<string, Float32Array>;
  /** [numClasses × featDim]. */
  centers: Float32Array;
  /** [batch × 28 × 28 × 1]. */
  images: Float32Array;
  labels: Int32Array;
  lambda: number;
}

/** The gradient check's model: either variant's layer structure, at toy widths or at the app's own. */
export function gradCheckSpec(variant: Variant, widths: CheckWidths): ModelSpec {
  const spec = modelSpec(variant, true);
  if (widths === 'model') return spec;
  return variant === 'slim' ? GRADCHECK_SPEC : { ...spec, widths: [[2, 2], [2, 2], [4, 4]] };
}

export type CheckWidths = 'tiny' | 'model';

export interface GradCheckCaseOptions {
  spec?: ModelSpec;
  batch?: number;
  seed?: number;
  lambda?: number;
}

/**
 * Seeded parameters (PyTorch's default initialisation), centers ~ N(0, 1), images ~ N(0, 1) and labels.
 * Images are noise on every pixel on purpose: blank MNIST borders would give equal values inside a
 * pooling window, and ties make the max-pool gradient depend on which element a kernel picks.
 */
export function gradCheckCase(opts: GradCheckCaseOptions = {}): GradCheckCase {
  const spec = opts.spec ?? GRADCHECK_SPEC;
  const batch = opts.batch ?? GRADCHECK_BATCH;
  const seed = opts.seed ?? GRADCHECK_SEED;
  const values = initialValues(spec, deriveRng(seed, 1));
  const cr = deriveRng(seed, 2);
  const centers = new Float32Array(spec.numClasses * spec.featDim);
  for (let i = 0; i < centers.length; i++) centers[i] = cr.normal();
  const ir = deriveRng(seed, 3);
  const images = new Float32Array(batch * 28 * 28);
  for (let i = 0; i < images.length; i++) images[i] = ir.normal();
  const lr = deriveRng(seed, 4);
  const labels = new Int32Array(batch);
  for (let i = 0; i < batch; i++) labels[i] = lr.int(spec.numClasses);
  return { spec, values, centers, images, labels, lambda: opts.lambda ?? GRADCHECK_LAMBDA };
}

export interface LossAndGrads {
  ce: number;
  centerLoss: number;
  total: number;
  /** d total / d parameter, in state_dict order. */
  grads: Map<string, Float32Array>;
}

/** The loss and its gradients on the active backend. Every tensor it makes is disposed before it returns. */
export async function lossAndGrads(c: GradCheckCase, pool: PoolMode): Promise<LossAndGrads> {
  const names = paramInfos(c.spec).map((p) => p.name);
  let params: Params = new Map();
  // createParams' initial tensors die with the tidy; the variables (shared data) survive it.
  tf.tidy(() => {
    params = createParams(c.spec, c.values);
  });
  const vars = names.map((n) => params.get(n)!);
  const kept: tf.Tensor[] = [];
  try {
    const { ce, lc, total, grads } = tf.tidy(() => {
      const m = c.labels.length;
      const x = tf.tensor4d(c.images, [m, 28, 28, 1]);
      const oneHot = tf.oneHot(tf.tensor1d(c.labels, 'int32'), c.spec.numClasses).toFloat() as tf.Tensor2D;
      const centers = tf.tensor2d(c.centers, [c.spec.numClasses, c.spec.featDim]);
      let ce: tf.Scalar | undefined;
      let lc: tf.Scalar | undefined;
      const hyper = { ...PRESET_HYPER.reference, lambda: c.lambda };
      const { value, grads } = tf.variableGrads(() => {
        const features = deepFeatures(c.spec, params, x, pool);
        const out = centerLossHead.loss({ features, ...fc2Of(c.spec, params), oneHot, centers, hyper, step: 0 });
        ce = tf.keep(out.parts.ce!);
        lc = tf.keep(out.parts.centerLoss!);
        return out.total;
      }, vars);
      return { ce: ce!, lc: lc!, total: value, grads: vars.map((v) => grads[v.name]!) };
    });
    kept.push(ce, lc, total, ...grads);
    // Async reads: a synchronous read stalls (and warns) on webgpu.
    const data = await Promise.all(kept.map((t) => t.data<'float32'>()));
    return {
      ce: data[0]![0]!,
      centerLoss: data[1]![0]!,
      total: data[2]![0]!,
      grads: new Map(names.map((n, i) => [n, Float32Array.from(data[3 + i]!)])),
    };
  } finally {
    tf.dispose(kept);
    vars.forEach((v) => v.dispose());
  }
}

export interface ParamDiff {
  name: string;
  shape: number[];
  /** max |g − g_ref|. */
  maxAbsDiff: number;
  /** max |g_ref|. */
  refMaxAbs: number;
  /** maxAbsDiff / max(refMaxAbs, GRAD_FLOOR × the largest refMaxAbs of any parameter). */
  rel: number;
}

/**
 * A parameter's gradient is judged against at least this share of the largest one. A PReLU slope's gradient is a sum
 * over every activation that cancels almost to zero on some inputs: the full model's prelu2_2 at batch 1 has 3.6e-6
 * against a largest gradient of 1.6, and float32 summation order alone then moves it by 2e-4 of itself on wasm. An
 * error that small against the gradient's scale cannot change training; a wrong kernel is off by far more.
 */
export const GRAD_FLOOR = 1e-3;

/** max |a − b| / max |b|: the error relative to the reference's scale, not element by element (zeros). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbsDiff: number; refMaxAbs: number; rel: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let maxAbsDiff = 0;
  let refMaxAbs = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    // NaN must fail the check, and Math.max(NaN, …) is NaN: keep it.
    maxAbsDiff = Number.isNaN(d) || Number.isNaN(maxAbsDiff) ? NaN : Math.max(maxAbsDiff, d);
    refMaxAbs = Math.max(refMaxAbs, Math.abs(b[i]!));
  }
  return { maxAbsDiff, refMaxAbs, rel: refMaxAbs === 0 ? maxAbsDiff : maxAbsDiff / refMaxAbs };
}

export interface GradComparison {
  params: ParamDiff[];
  /** Over all parameters; NaN when any gradient is NaN. */
  maxRel: number;
  /** |total − total_ref| / |total_ref|. */
  lossRel: number;
}

export function compareGrads(spec: ModelSpec, got: LossAndGrads, ref: LossAndGrads): GradComparison {
  const diffs = paramInfos(spec).map((p) => ({ name: p.name, shape: p.shape, ...relDiff(got.grads.get(p.name)!, ref.grads.get(p.name)!) }));
  const floor = GRAD_FLOOR * Math.max(...diffs.map((d) => d.refMaxAbs));
  const params = diffs.map((d) => ({ ...d, rel: Number.isNaN(d.maxAbsDiff) ? NaN : d.maxAbsDiff / Math.max(d.refMaxAbs, floor, Number.MIN_VALUE) }));
  const maxRel = params.some((p) => Number.isNaN(p.rel)) ? NaN : Math.max(...params.map((p) => p.rel));
  return { params, maxRel, lossRel: relDiff([got.total], [ref.total]).rel };
}

/** How many compiled GPU programs the active backend holds (webgpu pipelines, webgl binaries); null elsewhere. */
export function programCacheSize(): number | null {
  const b = tf.backend() as unknown as { pipelineCache?: object; binaryCache?: object };
  if (tf.getBackend() === 'webgpu' && b.pipelineCache) return Object.keys(b.pipelineCache).length;
  if (tf.getBackend() === 'webgl' && b.binaryCache) return Object.keys(b.binaryCache).length;
  return null;
}

/** The device the active backend runs on, as tfjs sees it: webgpu's adapter, webgl's renderer; null elsewhere. */
export function activeDevice(): string | null {
  const b = tf.backend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: { getExtension(n: string): unknown; getParameter(p: number): unknown; RENDERER: number } };
  };
  if (tf.getBackend() === 'webgpu') return [b.adapterInfo?.vendor, b.adapterInfo?.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  const gl = tf.getBackend() === 'webgl' ? b.gpgpu?.gl : undefined;
  if (!gl) return null;
  const UNMASKED_RENDERER_WEBGL = 0x9246;
  return String(gl.getParameter(gl.getExtension('WEBGL_debug_renderer_info') ? UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

export interface GradCheckReport {
  requested: BackendName;
  /** tf.getBackend() while the check ran: must equal `requested`. */
  active: string;
  /** activeDevice() while the check ran. */
  device: string | null;
  pool: PoolMode;
  refPool: PoolMode;
  widths: number[][];
  batch: number;
  lambda: number;
  loss: { backend: { ce: number; centerLoss: number; total: number }; cpu: { ce: number; centerLoss: number; total: number } };
  comparison: GradComparison;
  /** Second evaluation on the same backend vs the first (run-to-run repeatability). */
  repeatMaxRel: number;
  /** Compiled programs after the first and the second evaluation: equal when programs are cached. */
  programs: { afterFirst: number | null; afterSecond: number | null };
  ms: { first: number; second: number; cpu: number };
  /** Tensors alive after the check minus before (0: nothing leaked). */
  leakedTensors: number;
  /** Calls of our webgpu kernels during the two evaluations (empty elsewhere, or with tfjs's own kernels). */
  ourKernelCalls: Record<string, number>;
  tolerance: number;
  pass: boolean;
}

export interface GradCheckOptions {
  /** The pool mode on the checked backend; 'native' (what the app trains with) by default. */
  pool?: PoolMode;
  /** Which of the app's wasm kernels to install (diagnostics: { correctMaxPoolGrad: false } keeps wasm's own). */
  wasmKernels?: WasmTrainingKernelOptions;
  /** Which of our webgpu kernels to install; 'none' leaves the registry as it is (after restoreNativeWebGpuKernels). */
  webgpuKernels?: WebGpuTrainingKernelOptions | 'none';
  now?: () => number;
}

/** Evaluates c twice on `backend`, once on `cpu`, and compares. Leaves `cpu` active. */
export async function runGradCheck(backend: BackendName, c: GradCheckCase, opts: GradCheckOptions = {}): Promise<GradCheckReport> {
  const now = opts.now ?? (() => Date.now());
  const pool = opts.pool ?? 'native';
  const refPool: PoolMode = 'native';
  await activateBackend(backend, opts.wasmKernels, opts.webgpuKernels);
  const active = tf.getBackend();
  const device = activeDevice();
  const before = tf.memory().numTensors;
  webGpuKernelCalls(true);
  const t0 = now();
  const first = await lossAndGrads(c, pool);
  const afterFirst = programCacheSize();
  const t1 = now();
  const second = await lossAndGrads(c, pool);
  const afterSecond = programCacheSize();
  const t2 = now();
  const ourKernelCalls = webGpuKernelCalls(true);
  const leakedTensors = tf.memory().numTensors - before;
  await activateBackend('cpu');
  const t3 = now();
  const ref = await lossAndGrads(c, refPool);
  const t4 = now();
  const comparison = compareGrads(c.spec, first, ref);
  const repeatMaxRel = compareGrads(c.spec, second, first).maxRel;
  const loss = (l: LossAndGrads) => ({ ce: l.ce, centerLoss: l.centerLoss, total: l.total });
  const pass =
    active === backend &&
    comparison.maxRel < GRAD_TOLERANCE &&
    comparison.lossRel < GRAD_TOLERANCE &&
    repeatMaxRel < GRAD_TOLERANCE &&
    afterFirst === afterSecond &&
    leakedTensors === 0;
  return {
    requested: backend,
    active,
    device,
    pool,
    refPool,
    widths: c.spec.widths,
    batch: c.labels.length,
    lambda: c.lambda,
    loss: { backend: loss(first), cpu: loss(ref) },
    comparison,
    repeatMaxRel,
    programs: { afterFirst, afterSecond },
    ms: { first: t1 - t0, second: t2 - t1, cpu: t4 - t3 },
    leakedTensors,
    ourKernelCalls,
    tolerance: GRAD_TOLERANCE,
    pass,
  };
}
