/** Which tfjs backend to train on, why, and what that implies for the model. */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, BackendName, Variant, VariantChoice } from './config';
import { registerWasmTrainingKernels, type WasmTrainingKernelOptions } from './backends/wasmKernels';
import { registerWebGlTrainingKernels } from './backends/webglMatMul';
import { registerWebGpuTrainingKernels, type WebGpuTrainingKernelOptions } from './backends/webgpuKernels';

export interface GpuProbe {
  /** Vendor / architecture / description as the adapter reports them. */
  adapter: string;
  isFallbackAdapter: boolean;
}

export interface GlProbe {
  renderer: string;
  /** A software rasteriser (SwiftShader, llvmpipe): no real GPU. */
  software: boolean;
}

export interface BackendProbe {
  webgpu: GpuProbe | null;
  webgl: GlProbe | null;
  wasm: boolean;
}

/** Why a backend was chosen, as a code: the page words it (app/words.ts). */
export type BackendWhy =
  /** The setting named it. */
  | 'chosen'
  /** A WebGPU adapter on a real GPU. */
  | 'webgpu-real'
  /** No real WebGPU adapter, but WebGL on a real GPU. */
  | 'webgl-real'
  /** Neither GPU API on a real GPU: WebAssembly. */
  | 'software-gpu'
  /** Not even WebAssembly: plain JavaScript. */
  | 'no-wasm';

export interface BackendDecision {
  backend: BackendName;
  why: BackendWhy;
  /** The adapter or renderer that was seen, if any. */
  adapter: string | null;
  /** True when the GPU backend runs on a real GPU. */
  realGpu: boolean;
  /** What the probe saw, for the page's sentence. */
  seen: { webgpu: string | null; webgpuFallback: boolean; webgl: string | null; webglSoftware: boolean };
}

export { SOFTWARE_RENDERER } from './software';

function describe(probe: BackendProbe): string | null {
  return probe.webgpu?.adapter ?? probe.webgl?.renderer ?? null;
}

/** webgpu on a real adapter; else webgl on a real GPU; else wasm; else cpu. An explicit choice wins. */
export function chooseBackend(choice: BackendChoice, probe: BackendProbe): BackendDecision {
  const gpuReal = !!probe.webgpu && !probe.webgpu.isFallbackAdapter;
  const glReal = !!probe.webgl && !probe.webgl.software;
  const seen = { webgpu: probe.webgpu?.adapter ?? null, webgpuFallback: !!probe.webgpu?.isFallbackAdapter, webgl: probe.webgl?.renderer ?? null, webglSoftware: !!probe.webgl?.software };
  if (choice !== 'auto') {
    const realGpu = choice === 'webgpu' ? gpuReal : choice === 'webgl' ? glReal : false;
    const adapter = choice === 'webgpu' ? (probe.webgpu?.adapter ?? null) : choice === 'webgl' ? (probe.webgl?.renderer ?? null) : describe(probe);
    return { backend: choice, why: 'chosen', adapter, realGpu, seen };
  }
  if (gpuReal) return { backend: 'webgpu', why: 'webgpu-real', adapter: probe.webgpu!.adapter, realGpu: true, seen };
  if (glReal) return { backend: 'webgl', why: 'webgl-real', adapter: probe.webgl!.renderer, realGpu: true, seen };
  if (probe.wasm) return { backend: 'wasm', why: 'software-gpu', adapter: describe(probe), realGpu: false, seen };
  return { backend: 'cpu', why: 'no-wasm', adapter: describe(probe), realGpu: false, seen };
}

/** Threads the active backend computes on (wasm: its pthread pool, 1 without cross-origin isolation or in Node). */
export function computeThreads(backend: BackendName): number {
  return backend === 'wasm' ? Math.max(1, getThreadsCount()) : 1;
}

/** The next backend to try after `failed` (a lost GPU device): never a GPU again in this run. */
export function fallbackAfter(failed: BackendName, probe: BackendProbe): BackendName {
  if (failed === 'webgpu' && probe.webgl && !probe.webgl.software) return 'webgl';
  return probe.wasm && failed !== 'wasm' ? 'wasm' : 'cpu';
}

/** The full model on a real GPU, the slim one elsewhere. */
/** What the probe still offers once a backend's device is lost. */
export const withoutBackend = (p: BackendProbe, failed: BackendName): BackendProbe => ({ ...p, webgpu: failed === 'webgpu' ? null : p.webgpu, webgl: failed === 'webgl' ? null : p.webgl });

export function resolveVariant(choice: VariantChoice, decision: BackendDecision): Variant {
  if (choice !== 'auto') return choice;
  return decision.realGpu ? 'full' : 'slim';
}

/** Makes `name` the active tfjs backend; throws with the reason when it cannot start. */
export async function activateBackend(name: BackendName, wasmKernels: WasmTrainingKernelOptions = {}, webgpuKernels: WebGpuTrainingKernelOptions | 'none' = {}): Promise<void> {
  if (name === 'wasm') registerWasmTrainingKernels(wasmKernels);
  if (name === 'webgl') registerWebGlTrainingKernels();
  // 'none' leaves the kernels as they are (restoreNativeWebGpuKernels may have removed ours on purpose).
  if (name === 'webgpu' && webgpuKernels !== 'none') registerWebGpuTrainingKernels(webgpuKernels);
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`the ${name} backend failed to start: ${(e as Error).message}`);
  }
  if (!ok) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
}
