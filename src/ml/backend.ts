/** Which tfjs backend to train on, why, and what that implies for the model. */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, BackendName, Variant, VariantChoice } from './config';
import { registerWasmTrainingKernels, type WasmTrainingKernelOptions } from './backends/wasmKernels';
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

export interface BackendDecision {
  backend: BackendName;
  reason: string;
  /** The adapter or renderer that was seen, if any. */
  adapter: string | null;
  /** True when the GPU backend runs on a real GPU. */
  realGpu: boolean;
}

export { SOFTWARE_RENDERER } from './software';

function describe(probe: BackendProbe): string | null {
  return probe.webgpu?.adapter ?? probe.webgl?.renderer ?? null;
}

/** webgpu on a real adapter; else webgl on a real GPU; else wasm; else cpu. An explicit choice wins. */
export function chooseBackend(choice: BackendChoice, probe: BackendProbe): BackendDecision {
  const gpuReal = !!probe.webgpu && !probe.webgpu.isFallbackAdapter;
  const glReal = !!probe.webgl && !probe.webgl.software;
  if (choice !== 'auto') {
    const realGpu = choice === 'webgpu' ? gpuReal : choice === 'webgl' ? glReal : false;
    const adapter = choice === 'webgpu' ? (probe.webgpu?.adapter ?? null) : choice === 'webgl' ? (probe.webgl?.renderer ?? null) : describe(probe);
    return { backend: choice, reason: `${choice} was chosen in the settings`, adapter, realGpu };
  }
  if (gpuReal) return { backend: 'webgpu', reason: 'a WebGPU adapter on a real GPU', adapter: probe.webgpu!.adapter, realGpu: true };
  if (glReal) {
    const why = probe.webgpu ? 'the WebGPU adapter is a fallback adapter' : 'no WebGPU adapter';
    return { backend: 'webgl', reason: `${why}; WebGL runs on a real GPU`, adapter: probe.webgl!.renderer, realGpu: true };
  }
  const seen = probe.webgpu ? `WebGPU adapter "${probe.webgpu.adapter}" is a fallback (software) adapter` : 'No WebGPU adapter';
  const gl = probe.webgl ? `WebGL renders in software (${probe.webgl.renderer})` : 'no WebGL';
  if (probe.wasm) return { backend: 'wasm', reason: `${seen} and ${gl}: training on WASM (CPU)`, adapter: describe(probe), realGpu: false };
  return { backend: 'cpu', reason: `${seen}, ${gl} and no WebAssembly: training on plain JavaScript`, adapter: describe(probe), realGpu: false };
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
export function resolveVariant(choice: VariantChoice, decision: BackendDecision): Variant {
  if (choice !== 'auto') return choice;
  return decision.realGpu ? 'full' : 'slim';
}


/** Makes `name` the active tfjs backend; throws with the reason when it cannot start. */
export async function activateBackend(name: BackendName, wasmKernels: WasmTrainingKernelOptions = {}, webgpuKernels: WebGpuTrainingKernelOptions | 'none' = {}): Promise<void> {
  if (name === 'wasm') registerWasmTrainingKernels(wasmKernels);
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
