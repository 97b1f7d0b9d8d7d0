/**
 * The backward pass of y = prelu(z + bias, a) in one sweep over the wasm heap, for the fused op in
 * ../biasPrelu.ts. Composed from tfjs ops it takes Greater, two Selects, two Multiplies, ZerosLike, a
 * Sum to a scalar and a Sum over every axis but the channels, each a full pass over the activation
 * (and wasm's scalar-broadcast Greater and its Select are slow): about a fifth of a slim step at
 * batch 128. Inputs: dy and u = z + bias, both [..., C], and a scalar slope a (shape [1]).
 * Outputs: du = dy where u > 0, else a·dy (the gradient of z as well as of u);
 * dbias[c] = Σ du[..., c]; da = Σ_{u ≤ 0} u·dy. The sums run in float64.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BACKEND, heapF32, isWasmBackend } from './wasmHeap';

export const BIAS_PRELU_GRAD = 'BiasPreluGrad';

/** The sweep itself, on plain arrays (C: the size of the last axis). */
export function biasPreluGrad(dy: Float32Array, u: Float32Array, a: number, C: number, du: Float32Array, dbias: Float32Array): number {
  const acc = new Float64Array(C);
  let da = 0;
  const n = u.length;
  for (let i = 0; i < n; i += C) {
    for (let c = 0; c < C; c++) {
      const x = u[i + c]!;
      const d = dy[i + c]!;
      let g = d;
      if (!(x > 0)) {
        g = a * d;
        da += x * d;
      }
      du[i + c] = g;
      acc[c]! += g;
    }
  }
  for (let c = 0; c < C; c++) dbias[c] = acc[c]!;
  return da;
}

const biasPreluGradWasm: KernelFunc = ({ inputs, backend }) => {
  const { dy, u, alpha } = inputs as { dy?: TensorInfo; u?: TensorInfo; alpha?: TensorInfo };
  if (!dy || !u || !alpha) throw new Error(`${BIAS_PRELU_GRAD} (wasm): needs inputs dy, u and alpha`);
  if (!isWasmBackend(backend)) throw new Error(`${BIAS_PRELU_GRAD} (wasm): called with a backend that is not tfjs-backend-wasm`);
  const C = u.shape.at(-1) ?? 0;
  if (u.shape.length < 2 || C === 0 || dy.shape.join() !== u.shape.join()) {
    throw new Error(`${BIAS_PRELU_GRAD} (wasm): dy [${dy.shape.join(', ')}] and u [${u.shape.join(', ')}] must be equal, rank ≥ 2, channels last`);
  }
  if (alpha.shape.reduce((p, s) => p * s, 1) !== 1) {
    throw new Error(`${BIAS_PRELU_GRAD} (wasm): the slope must be a single value, got shape [${alpha.shape.join(', ')}]`);
  }
  const du = backend.makeOutput([...u.shape], 'float32');
  const dbias = backend.makeOutput([C], 'float32');
  const dalpha = backend.makeOutput([...alpha.shape], 'float32');
  // Views are taken after the last makeOutput: growing the heap may replace its buffer.
  const view = (t: TensorInfo) => heapF32(backend, t, BIAS_PRELU_GRAD);
  const a = view(alpha)[0]!;
  view(dalpha)[0] = biasPreluGrad(view(dy), view(u), a, C, view(du), view(dbias));
  return [du, dbias, dalpha];
};

export const biasPreluGradWasmConfig: KernelConfig = {
  kernelName: BIAS_PRELU_GRAD,
  backendName: BACKEND,
  kernelFunc: biasPreluGradWasm,
};
