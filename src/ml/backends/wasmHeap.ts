/** The parts of tfjs-backend-wasm's backend that the custom wasm kernels use: tensors as views of the wasm heap. */
import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

export function isWasmBackend(b: unknown): b is WasmBackendLike {
  const o = b as Partial<WasmBackendLike> | null;
  return o != null && typeof o.makeOutput === 'function' && typeof o.typedArrayFromHeap === 'function' && typeof o.disposeData === 'function';
}

/** A float32 tensor's values on the heap; `kernel` names the caller in the error. */
export function heapF32(backend: WasmBackendLike, t: TensorInfo, kernel: string): Float32Array {
  const a = backend.typedArrayFromHeap(t);
  if (!(a instanceof Float32Array)) throw new Error(`${kernel} (wasm): expected a float32 tensor, got ${t.dtype}`);
  return a;
}

/** The tfjs backend the custom wasm kernels are registered for and whose kernels they call. */
export const BACKEND = 'wasm';
