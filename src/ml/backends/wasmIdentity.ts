/**
 * A zero-copy `Identity` for tfjs-backend-wasm (4.22.0). tfjs clones every tensor a gradient needs
 * (engine.saveTensorsForBackwardMode → Identity), and wasm's Identity copies the data, so each step
 * copied every saved activation: 75 copies and about 3% of a slim step at batch 128. tfjs-cpu and
 * tfjs-webgl share the data instead (incRef); this does the same on wasm, as wasm's own Reshape does.
 * Sharing is safe because no kernel writes into its inputs: a tfjs tensor's data never changes, and
 * Variable.assign swaps the data id rather than writing into it. Strings go to the original kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { isWasmBackend } from './wasmHeap';

interface RefCounting {
  incRef(dataId: object): void;
}

const countsRefs = (b: unknown): b is RefCounting => typeof (b as Partial<RefCounting> | null)?.incRef === 'function';

export function identitySharingData(native: KernelConfig): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x?: TensorInfo };
    const backend = args.backend;
    if (!x || x.dtype === 'string' || !isWasmBackend(backend) || !countsRefs(backend)) return native.kernelFunc(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
