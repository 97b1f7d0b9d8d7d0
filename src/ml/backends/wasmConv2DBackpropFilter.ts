/**
 * `Conv2DBackpropFilter` (the weight gradient of `tf.conv2d`) for the tfjs `wasm` backend (4.22.0),
 * which does not register one; tfjs has no per-kernel fallback to another backend, so training a conv
 * net on `wasm` throws `Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'`. This module
 * provides one (NHWC, dilation 1, any stride, 'same' / 'valid' / numeric / explicit padding):
 *   dW[kh, kw, c, o] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, c] · dy[b, oh, ow, o]
 * i.e. dW = Pᵀ · dy, with Pᵀ the transposed im2col patch matrix: rows (kh, kw, c), columns
 * (oh, ow, b). x is transposed to [C, H, W, B] by the wasm Transpose kernel, so for stride 1 one
 * output row of one patch row is a single contiguous copy of OW·B values; a JS loop writes Pᵀ
 * straight into the wasm heap, and the wasm BatchMatMul kernel multiplies it by dy (transposed
 * to [OH, OW, B, O]); untransposed rank-2 operands take XNNPACK's SIMD GEMM there. The sum is cut
 * into chunks of output rows (or of rows × part of the batch) so that the patch matrix stays
 * within PATCH_BYTES (unchunked it would be ~320 MB for batch 128 × 28×28 × 32 channels × 5×5);
 * the per-chunk products are summed in place. Registered by registerWasmTrainingKernels (wasmKernels.ts).
 *
 * Everything works at the TensorInfo level with the wasm backend's own kernel functions: no engine
 * Tensor is created inside a kernel, and each intermediate data id is released with
 * `backend.disposeData` exactly once (a kernel that returns its input's data id, like Reshape,
 * raises its refCount first, so releasing its output the same way is right).
 *
 * No DOM import: this file runs in a Web Worker and in Node.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { BACKEND, heapF32, isWasmBackend, type WasmBackendLike } from './wasmHeap';

const KERNEL = 'Conv2DBackpropFilter';

/** Target size of one chunk's patch matrix, in bytes. */
export const PATCH_BYTES = 16 * 1024 * 1024;

const f32 = (backend: WasmBackendLike, t: TensorInfo): Float32Array => heapF32(backend, t, KERNEL);

/** Runs another kernel of the wasm backend directly on TensorInfos (no engine bookkeeping). */
function runWasmKernel(name: string, backend: WasmBackendLike, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const k = tf.getKernel(name, BACKEND);
  if (!k) throw new Error(`${KERNEL} (wasm): needs the wasm kernel '${name}', which is not registered`);
  const out = k.kernelFunc({ inputs, backend: backend as object, attrs });
  if (Array.isArray(out)) throw new Error(`${KERNEL} (wasm): kernel '${name}' returned several outputs`);
  return out;
}

function unsupported(attr: string, value: unknown, why: string): Error {
  return new Error(
    `${KERNEL} on wasm (custom kernel): unsupported ${attr} ${JSON.stringify(value)}; ${why}`,
  );
}

interface Geometry {
  B: number;
  H: number;
  W: number;
  C: number;
  OH: number;
  OW: number;
  O: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
}

function geometry(x: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap): Geometry {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations } = attrs as unknown as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat?: string;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
    dilations?: number | [number, number];
  };
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw unsupported('dataFormat', dataFormat, "only 'NHWC' is implemented");
  }
  if (dilations !== undefined) {
    const d = typeof dilations === 'number' ? [dilations, dilations] : dilations;
    if (d.some((v) => v !== 1)) throw unsupported('dilations', dilations, 'only dilation 1 is implemented');
  }
  if (x.dtype !== 'float32') throw unsupported('dtype of x', x.dtype, 'only float32 is implemented');
  if (dy.dtype !== 'float32') throw unsupported('dtype of dy', dy.dtype, 'only float32 is implemented');
  if (x.shape.length !== 4) throw unsupported('rank of x', x.shape.length, 'x must be 4-D [batch, height, width, channels]');
  if (dy.shape.length !== 4) throw unsupported('rank of dy', dy.shape.length, 'dy must be 4-D');
  if (!Array.isArray(filterShape) || filterShape.length !== 4) {
    throw unsupported('filterShape', filterShape, 'must be [filterHeight, filterWidth, inChannels, outChannels]');
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const g: Geometry = {
    B,
    H,
    W,
    C,
    OH: info.outHeight,
    OW: info.outWidth,
    O: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    pt: info.padInfo.top,
    pl: info.padInfo.left,
  };
  if (filterShape[2] !== C) throw unsupported('filterShape', filterShape, `its in-channels must equal x's ${C}`);
  const want = [B, g.OH, g.OW, g.O];
  if (dy.shape.some((v, i) => v !== want[i])) {
    throw new Error(`${KERNEL} (wasm): dy has shape [${dy.shape.join(', ')}], expected [${want.join(', ')}]`);
  }
  return g;
}

/** Copies heap[src, src + n) to heap[dst, …): a loop for short runs, native memmove for long ones. */
function copyRun(heap: Float32Array, dst: number, src: number, n: number): void {
  if (n < 16) for (let i = 0; i < n; i++) heap[dst + i] = heap[src + i]!;
  else heap.copyWithin(dst, src, src + n);
}

/** A block of the gradient sum: output rows [oh0, oh0 + ohn) of images [b0, b0 + bn). */
interface Chunk {
  oh0: number;
  ohn: number;
  b0: number;
  bn: number;
}

/**
 * Writes the transposed patch matrix of one chunk into the heap at `outOff`: row (kh·fw + kw)·C + c,
 * column ((oh − oh0)·OW + ow)·bn + (b − b0), zero where the window leaves x. `xOff` is the heap
 * offset of x transposed to [C, H, W, B], so for stride 1 and a chunk holding the whole batch, one
 * output row of one patch row is a single contiguous copy of OW·B values.
 */
function im2colT(heap: Float32Array, xOff: number, outOff: number, g: Geometry, ch: Chunk): void {
  const { B, H, W, C, OW, fh, fw, sh, sw, pt, pl } = g;
  const { oh0, ohn, b0, bn } = ch;
  const K = ohn * OW * bn;
  const rowLen = OW * bn;
  const whole = sw === 1 && bn === B;
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      // Output columns whose input column ow·sw + kw − pl lies inside [0, W).
      const owLo = Math.min(OW, Math.max(0, Math.ceil((pl - kw) / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.ceil((W + pl - kw) / sw)));
      for (let c = 0; c < C; c++) {
        let dst = outOff + ((kh * fw + kw) * C + c) * K;
        for (let oh = oh0; oh < oh0 + ohn; oh++, dst += rowLen) {
          const ih = oh * sh + kh - pt;
          if (ih < 0 || ih >= H) {
            heap.fill(0, dst, dst + rowLen);
            continue;
          }
          const src = xOff + (c * H + ih) * W * B + (kw - pl) * B + b0; // xT[c, ih, ow·sw + kw − pl, b0] = src + ow·sw·B
          if (owLo > 0) heap.fill(0, dst, dst + owLo * bn);
          if (whole) {
            copyRun(heap, dst + owLo * B, src + owLo * B, (owHi - owLo) * B);
          } else {
            for (let ow = owLo; ow < owHi; ow++) copyRun(heap, dst + ow * bn, src + ow * sw * B, bn);
          }
          if (owHi < OW) heap.fill(0, dst + owHi * bn, dst + rowLen);
        }
      }
    }
  }
}

/** Copies the rows of dy transposed to [OH, OW, B, O] that belong to one chunk, in column order. */
function gatherDy(heap: Float32Array, dyOff: number, outOff: number, g: Geometry, ch: Chunk): void {
  const { B, OW, O } = g;
  const { oh0, ohn, b0, bn } = ch;
  if (bn === B) {
    heap.copyWithin(outOff, dyOff + oh0 * OW * B * O, dyOff + (oh0 + ohn) * OW * B * O);
    return;
  }
  let dst = outOff;
  for (let oh = oh0; oh < oh0 + ohn; oh++) {
    for (let ow = 0; ow < OW; ow++, dst += bn * O) {
      const src = dyOff + ((oh * OW + ow) * B + b0) * O;
      heap.copyWithin(dst, src, src + bn * O);
    }
  }
}

let patchBytesOverride: number | undefined;
/** For tests and benchmarks: override the chunk budget (undefined restores PATCH_BYTES). */
export function setPatchBytesForTesting(bytes: number | undefined): void {
  patchBytesOverride = bytes;
}

/**
 * Splits the sum over (b, oh, ow) into chunks whose patch matrix stays within `patchBytes`:
 * whole batches of several output rows when one output row of the whole batch fits, else single
 * output rows of part of the batch.
 */
export function planChunks(
  g: Pick<Geometry, 'B' | 'C' | 'OH' | 'OW' | 'fh' | 'fw'>,
  patchBytes: number = patchBytesOverride ?? PATCH_BYTES,
): Chunk[] {
  const bytesPerColumn = g.fh * g.fw * g.C * 4;
  const perRow = bytesPerColumn * g.OW * g.B;
  const chunks: Chunk[] = [];
  if (perRow <= patchBytes) {
    const ohc = Math.max(1, Math.min(g.OH, Math.floor(patchBytes / perRow)));
    for (let oh0 = 0; oh0 < g.OH; oh0 += ohc) chunks.push({ oh0, ohn: Math.min(ohc, g.OH - oh0), b0: 0, bn: g.B });
  } else {
    const bc = Math.max(1, Math.floor(patchBytes / (bytesPerColumn * g.OW)));
    for (let b0 = 0; b0 < g.B; b0 += bc) {
      for (let oh0 = 0; oh0 < g.OH; oh0++) chunks.push({ oh0, ohn: 1, b0, bn: Math.min(bc, g.B - b0) });
    }
  }
  return chunks;
}

const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, backend: backendArg, attrs }) => {
  const { x, dy } = inputs as { x?: TensorInfo; dy?: TensorInfo };
  if (!x || !dy) throw new Error(`${KERNEL} (wasm): needs inputs x and dy`);
  if (!isWasmBackend(backendArg)) throw new Error(`${KERNEL} (wasm): called with a backend that is not tfjs-backend-wasm`);
  const backend = backendArg;
  const g = geometry(x, dy, attrs ?? {});
  const { B, C, OH, OW, O, fh, fw } = g;
  const R = fh * fw * C;
  const out = backend.makeOutput([fh, fw, C, O], 'float32');
  if (B * OH * OW === 0 || R * O === 0) {
    f32(backend, out).fill(0);
    return out;
  }
  const temps = new Set<TensorInfo>();
  const release = (t: TensorInfo): void => {
    temps.delete(t);
    backend.disposeData(t.dataId);
  };
  try {
    const xT = runWasmKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }); // [C, H, W, B]
    temps.add(xT);
    const dyT = runWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, O]
    temps.add(dyT);
    let first = true;
    for (const ch of planChunks(g)) {
      const K = ch.ohn * OW * ch.bn;
      const patches = backend.makeOutput([R, K], 'float32');
      temps.add(patches);
      const ownDy = K !== B * OH * OW;
      const dyChunk: TensorInfo = ownDy ? backend.makeOutput([K, O], 'float32') : { dataId: dyT.dataId, shape: [K, O], dtype: 'float32' };
      if (ownDy) temps.add(dyChunk);
      // Take heap views only after every allocation: malloc may grow (and so replace) the heap.
      const pView = f32(backend, patches);
      const heap = new Float32Array(pView.buffer);
      im2colT(heap, f32(backend, xT).byteOffset >>> 2, pView.byteOffset >>> 2, g, ch);
      if (ownDy) gatherDy(heap, f32(backend, dyT).byteOffset >>> 2, f32(backend, dyChunk).byteOffset >>> 2, g, ch);
      // [R, K] · [K, O]: untransposed rank-2 operands take XNNPACK's GEMM inside the wasm kernel.
      const prod = runWasmKernel('BatchMatMul', backend, { a: patches, b: dyChunk }, { transposeA: false, transposeB: false });
      temps.add(prod);
      const acc = f32(backend, out);
      const p = f32(backend, prod);
      if (first) acc.set(p);
      else for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + p[i]!;
      first = false;
      release(prod);
      if (ownDy) release(dyChunk);
      release(patches);
    }
    release(dyT);
    release(xT);
  } catch (e) {
    for (const t of temps) backend.disposeData(t.dataId);
    backend.disposeData(out.dataId);
    throw e;
  }
  return out;
};

export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: KERNEL,
  backendName: BACKEND,
  kernelFunc: conv2DBackpropFilterWasm,
};
