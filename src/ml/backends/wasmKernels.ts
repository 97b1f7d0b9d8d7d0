/**
 * Registers the kernels that make the tfjs `wasm` backend (4.22.0) able to train conv nets, and fast
 * enough to (registerWasmTrainingKernels); each kernel lives in its own file:
 *  - wasmConv2DBackpropFilter.ts: `Conv2DBackpropFilter`, which wasm lacks (registered as a new kernel);
 *  - wasmConv2DBackpropInput.ts: `Conv2DBackpropInput` via XNNPACK's Conv2D for stride 1;
 *  - wasmEqual.ts: broadcasting `Equal` as a strided JS loop on the heap;
 *  - wasmMaxPoolGrad.ts: a correct `MaxPoolGrad` (2×2, stride 2, 'valid');
 *  - wasmIdentity.ts: an `Identity` that shares the data instead of copying it;
 *  - wasmBiasPreluGrad.ts: `BiasPreluGrad`, the one-sweep gradient of ../biasPrelu.ts (a new kernel).
 * Conv2DBackpropInput, Equal, MaxPoolGrad and Identity wrap the original kernels (KernelRegistry.wrap) and call them for every case they do not
 * handle; restoreNativeWasmKernels puts the originals back.
 *
 * No DOM import: this file runs in a Web Worker and in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { KernelRegistry } from './kernelRegistry';
import { biasPreluGradWasmConfig } from './wasmBiasPreluGrad';
import { conv2DBackpropFilterWasmConfig } from './wasmConv2DBackpropFilter';
import { conv2DBackpropInputViaConv } from './wasmConv2DBackpropInput';
import { equalWithFastBroadcast } from './wasmEqual';
import { BACKEND } from './wasmHeap';
import { identitySharingData } from './wasmIdentity';
import { maxPoolGradFirstMax } from './wasmMaxPoolGrad';

const registry = new KernelRegistry(BACKEND);

export interface WasmTrainingKernelOptions {
  /** Run Conv2DBackpropInput (stride 1) on XNNPACK's Conv2D instead of wasm's scalar loop. Default true. */
  fastConv2DBackpropInput?: boolean;
  /** Run broadcasting Equal (gradient of max pooling by reshape + max) in a JS heap loop. Default true. */
  fastBroadcastEqual?: boolean;
  /** Replace wasm's wrong MaxPoolGrad (2×2, stride 2, 'valid') by a JS heap loop. Default true. */
  correctMaxPoolGrad?: boolean;
  /** Share the data in Identity (tfjs clones every tensor a gradient saves) instead of copying it. Default true. */
  shareIdentity?: boolean;
  /** Register BiasPreluGrad, so that biasPrelu's gradient is one kernel instead of eight ops. Default true. */
  fusedBiasPreluGrad?: boolean;
}

/**
 * Makes the tfjs `wasm` backend (4.22.0) able to train conv nets, and fast enough to:
 *  - registers Conv2DBackpropFilter, which wasm lacks (skipped if some version provides one), and
 *    BiasPreluGrad, the one-kernel gradient of ../biasPrelu.ts;
 *  - replaces Conv2DBackpropInput and Equal by wrappers that take faster routes where they can,
 *    MaxPoolGrad by one that is correct where wasm's is not, and Identity by one that shares data
 *    instead of copying it; each calls the original kernel for the cases it does not handle (see the options).
 * Idempotent. Call it after importing '@tensorflow/tfjs-backend-wasm' (whose import registers the
 * kernels that get wrapped), before or after `tf.setBackend('wasm')`. Imports nothing from the DOM.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  if (!tf.getKernel(conv2DBackpropFilterWasmConfig.kernelName, BACKEND)) tf.registerKernel(conv2DBackpropFilterWasmConfig);
  if (options.fusedBiasPreluGrad !== false) registry.add(biasPreluGradWasmConfig, true);
  if (options.fastConv2DBackpropInput !== false) registry.wrap('Conv2DBackpropInput', conv2DBackpropInputViaConv);
  if (options.fastBroadcastEqual !== false) registry.wrap('Equal', equalWithFastBroadcast);
  if (options.correctMaxPoolGrad !== false) registry.wrap('MaxPoolGrad', maxPoolGradFirstMax);
  if (options.shareIdentity !== false) registry.wrap('Identity', identitySharingData);
}

/** For tests: puts back the original wasm kernels that registerWasmTrainingKernels wrapped, and drops the optional ones it added. */
export function restoreNativeWasmKernels(): void {
  registry.restore();
}
