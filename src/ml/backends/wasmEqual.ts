/**
 * A faster broadcasting `Equal` for the tfjs `wasm` backend (4.22.0). wasm's compare kernels
 * broadcast through a generic per-element index path (~200 ns per element; 35% of a slim LeNet++
 * training step, from the gradient of the reshape-and-max pooling, equal(x, max(x, keepDims))).
 * A strided JS loop over the wasm heap does the same in a few ns per element. Same-shape inputs and
 * other dtypes go to the original kernel. Installed by registerWasmTrainingKernels (wasmKernels.ts).
 *
 * No DOM import: this file runs in a Web Worker and in Node.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { isWasmBackend } from './wasmHeap';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Output dims with the strides of a and b (0 where broadcast), size-1 dims dropped and contiguous runs merged. */
function broadcastDims(aShape: number[], bShape: number[], outShape: number[]): { n: number; sa: number; sb: number }[] {
  const r = outShape.length;
  const strides = (shape: number[]): number[] => {
    const st = new Array<number>(r).fill(0);
    let acc = 1;
    for (let i = shape.length - 1, k = r - 1; i >= 0; i--, k--) {
      st[k] = shape[i] === 1 ? 0 : acc;
      acc *= shape[i]!;
    }
    return st;
  };
  const sa = strides(aShape);
  const sb = strides(bShape);
  const dims: { n: number; sa: number; sb: number }[] = [];
  for (let k = 0; k < r; k++) {
    const n = outShape[k]!;
    if (n === 1) continue;
    const last = dims[dims.length - 1];
    if (last && last.sa === sa[k]! * n && last.sb === sb[k]! * n) {
      last.n *= n;
      last.sa = sa[k]!;
      last.sb = sb[k]!;
    } else {
      dims.push({ n, sa: sa[k]!, sb: sb[k]! });
    }
  }
  if (dims.length === 0) dims.push({ n: 1, sa: 0, sb: 0 });
  return dims;
}

function equalBroadcastLoop(av: HeapArray, bv: HeapArray, out: Uint8Array, dims: { n: number; sa: number; sb: number }[]): void {
  const inner = dims[dims.length - 1]!;
  const outer = dims.slice(0, -1);
  const count = new Array<number>(outer.length).fill(0);
  const outerTotal = outer.reduce((p, d) => p * d.n, 1);
  const { n, sa, sb } = inner;
  let ia = 0;
  let ib = 0;
  let o = 0;
  for (let k = 0; k < outerTotal; k++) {
    if (sa === 1 && sb === 1) {
      for (let j = 0; j < n; j++) out[o + j] = av[ia + j] === bv[ib + j] ? 1 : 0;
    } else if (sb === 0) {
      const v = bv[ib];
      for (let j = 0, pa = ia; j < n; j++, pa += sa) out[o + j] = av[pa] === v ? 1 : 0;
    } else if (sa === 0) {
      const v = av[ia];
      for (let j = 0, pb = ib; j < n; j++, pb += sb) out[o + j] = v === bv[pb] ? 1 : 0;
    } else {
      for (let j = 0, pa = ia, pb = ib; j < n; j++, pa += sa, pb += sb) out[o + j] = av[pa] === bv[pb] ? 1 : 0;
    }
    o += n;
    for (let d = outer.length - 1; d >= 0; d--) {
      const dim = outer[d]!;
      ia += dim.sa;
      ib += dim.sb;
      if (++count[d]! < dim.n) break;
      ia -= dim.sa * dim.n;
      ib -= dim.sb * dim.n;
      count[d] = 0;
    }
  }
}

/** Wraps wasm's Equal: broadcasting float32 / int32 / bool inputs run equalBroadcastLoop, the rest the original. */
export function equalWithFastBroadcast(native: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend: backendArg } = args;
    const { a, b } = inputs as { a?: TensorInfo; b?: TensorInfo };
    const numeric = (d: string) => d === 'float32' || d === 'int32' || d === 'bool';
    if (
      !a ||
      !b ||
      !isWasmBackend(backendArg) ||
      a.dtype !== b.dtype ||
      !numeric(a.dtype) ||
      (a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]))
    ) {
      return native.kernelFunc(args);
    }
    const backend = backendArg;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = backend.makeOutput(outShape, 'bool');
    if (outShape.reduce((p, v) => p * v, 1) === 0) return out;
    const ov = backend.typedArrayFromHeap(out);
    if (!(ov instanceof Uint8Array)) throw new Error('Equal (wasm): expected a bool output');
    equalBroadcastLoop(backend.typedArrayFromHeap(a), backend.typedArrayFromHeap(b), ov, broadcastDims(a.shape, b.shape, outShape));
    return out;
  };
}
