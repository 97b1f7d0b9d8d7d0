/**
 * Registers our WGSL kernels for tfjs-webgpu 4.22 (registerWebGpuTrainingKernels); each lives in its own file:
 *  - webgpuConv2DBackpropFilter.ts: `Conv2DBackpropFilter` parallel over the reduction (wraps tfjs's, which
 *    still serves NCHW);
 *  - webgpuBiasPrelu.ts: `BiasPrelu` and `BiasPreluGrad`, the fused op of ../biasPrelu.ts (new kernels);
 *  - webgpuGatherBatch.ts: `GatherMnistImages` and `GatherOneHot`, the batch gathered on the GPU by ../trainer.ts.
 * restoreNativeWebGpuKernels puts tfjs's back and drops ours ("stock", the profile's before).
 * Every kernel func is counted (webGpuKernelCalls), so a check can prove that ours ran.
 *
 * No runtime import of tfjs-backend-webgpu (it is imported by the worker first, and never in Node).
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { biasPreluGradWebGpuConfig, biasPreluWebGpuConfig } from './webgpuBiasPrelu';
import { CONV2D_BACKPROP_FILTER, conv2DBackpropFilterTiled } from './webgpuConv2DBackpropFilter';
import { gatherMnistImagesConfig, gatherOneHotConfig } from './webgpuGatherBatch';
import { KernelRegistry } from './kernelRegistry';
import { WEBGPU } from './webgpuProgram';

export interface WebGpuTrainingKernelOptions {
  /** Conv2DBackpropFilter tiled over the reduction instead of tfjs's one invocation per weight. Default true. */
  tiledConv2DBackpropFilter?: boolean;
  /** BiasPrelu and BiasPreluGrad, so that biasPrelu is one pass forward and four back. Default true. */
  fusedBiasPrelu?: boolean;
  /** GatherMnistImages and GatherOneHot: the training set on the GPU, a batch gathered there. Default true. */
  gpuBatches?: boolean;
}

const calls = new Map<string, number>();
const registry = new KernelRegistry(WEBGPU);

function counted(name: string, f: KernelFunc): KernelFunc {
  return (args) => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    return f(args);
  };
}

const add = (config: KernelConfig) => registry.add({ ...config, kernelFunc: counted(config.kernelName, config.kernelFunc) });
const wrap = (name: string, make: (native: KernelConfig) => KernelFunc) => registry.wrap(name, (native) => counted(name, make(native)));

/** Idempotent; call after importing '@tensorflow/tfjs-backend-webgpu' (whose kernels get wrapped). */
export function registerWebGpuTrainingKernels(options: WebGpuTrainingKernelOptions = {}): void {
  if (options.tiledConv2DBackpropFilter !== false) wrap(CONV2D_BACKPROP_FILTER, conv2DBackpropFilterTiled);
  if (options.fusedBiasPrelu !== false) {
    add(biasPreluWebGpuConfig);
    add(biasPreluGradWebGpuConfig);
  }
  if (options.gpuBatches !== false) {
    add(gatherMnistImagesConfig);
    add(gatherOneHotConfig);
  }
}

/** tfjs's own webgpu kernels back, ours gone: the app as it was before them. */
export function restoreNativeWebGpuKernels(): void {
  registry.restore();
}

/** How often each of our webgpu kernels ran since the page started (or since reset). */
export function webGpuKernelCalls(reset = false): Record<string, number> {
  const out = Object.fromEntries(calls);
  if (reset) calls.clear();
  return out;
}
