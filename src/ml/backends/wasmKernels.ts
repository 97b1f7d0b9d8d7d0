/**
 * Kernels that make the tfjs `wasm` backend (4.22.0) able to train conv nets, and fast enough to.
 *
 * 1. `Conv2DBackpropFilter` (the weight gradient of `tf.conv2d`) is not registered for `wasm`, and
 *    tfjs has no per-kernel fallback to another backend, so training a conv net on `wasm` throws
 *    `Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'`. This module registers one
 *    (NHWC, dilation 1, any stride, 'same' / 'valid' / numeric / explicit padding):
 *      dW[kh, kw, c, o] = Σ_{b, oh, ow} x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft, c] · dy[b, oh, ow, o]
 *    i.e. dW = Pᵀ · dy, with Pᵀ the transposed im2col patch matrix: rows (kh, kw, c), columns
 *    (oh, ow, b). x is transposed to [C, H, W, B] by the wasm Transpose kernel, so for stride 1 one
 *    output row of one patch row is a single contiguous copy of OW·B values; a JS loop writes Pᵀ
 *    straight into the wasm heap, and the wasm BatchMatMul kernel multiplies it by dy (transposed
 *    to [OH, OW, B, O]); untransposed rank-2 operands take XNNPACK's SIMD GEMM there. The sum is cut
 *    into chunks of output rows (or of rows × part of the batch) so that the patch matrix stays
 *    within PATCH_BYTES (unchunked it would be ~320 MB for batch 128 × 28×28 × 32 channels × 5×5);
 *    the per-chunk products are summed in place.
 * 2. `Conv2DBackpropInput` exists on wasm but is a scalar C++ loop nest; for stride 1 it is
 *    rerouted through the wasm Conv2D kernel (XNNPACK) with the flipped filter.
 * 3. `Equal` with broadcasting (the gradient of max pooling written as reshape + max) goes through a
 *    slow generic index path on wasm; it is rerouted through a strided JS loop on the heap.
 * (2) and (3) wrap the original kernels and call them for every case they do not handle.
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
import { heapF32, isWasmBackend, type WasmBackendLike } from './wasmHeap';
import { maxPoolGradFirstMax } from './wasmMaxPoolGrad';

const BACKEND = 'wasm';
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

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput: wasm's own kernel is correct but a scalar C++ loop nest, ~7× slower than
// XNNPACK; it was 70% of a full LeNet++ training step. For stride 1 and dilation 1 the input
// gradient is itself a convolution, dx = conv2d(dy, W′) with W′[i, j, o, c] = W[fh−1−i, fw−1−j, c, o]
// and the padding mirrored, which the wasm Conv2D kernel runs on XNNPACK. Other cases go to the
// original kernel.
// ---------------------------------------------------------------------------------------------

type NativeKernels = Map<string, KernelConfig>;

function conv2DBackpropInputViaConv(native: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend: backendArg, attrs } = args;
    const { dy, filter } = inputs as { dy?: TensorInfo; filter?: TensorInfo };
    const a = (attrs ?? {}) as unknown as {
      strides: number | [number, number];
      pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
      dataFormat?: string;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    const conv = tf.getKernel('Conv2D', BACKEND);
    if (
      !dy ||
      !filter ||
      !conv ||
      !isWasmBackend(backendArg) ||
      (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') ||
      dy.dtype !== 'float32' ||
      filter.dtype !== 'float32' ||
      filter.shape.length !== 4 ||
      !Array.isArray(a.inputShape) ||
      a.inputShape.length !== 4
    ) {
      return native.kernelFunc(args);
    }
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { filterHeight: fh, filterWidth: fw, inChannels: C, outChannels: O, padInfo } = info;
    const top = fh - 1 - padInfo.top;
    const bottom = fh - 1 - padInfo.bottom;
    const left = fw - 1 - padInfo.left;
    const right = fw - 1 - padInfo.right;
    const [B, H, W] = a.inputShape;
    if (
      info.strideHeight !== 1 ||
      info.strideWidth !== 1 ||
      Math.min(top, bottom, left, right) < 0 ||
      info.outHeight + top + bottom - fh + 1 !== H ||
      info.outWidth + left + right - fw + 1 !== W ||
      dy.shape.length !== 4 ||
      dy.shape[0] !== B ||
      dy.shape[1] !== info.outHeight ||
      dy.shape[2] !== info.outWidth ||
      dy.shape[3] !== O ||
      B * H * W * C * O === 0
    ) {
      return native.kernelFunc(args);
    }
    const backend = backendArg;
    // W′ = W flipped in both spatial axes with in/out channels swapped: [fh, fw, O, C].
    const flipped = backend.makeOutput([fh, fw, O, C], 'float32');
    try {
      const src = f32(backend, filter);
      const dst = f32(backend, flipped);
      for (let i = 0; i < fh; i++) {
        for (let j = 0; j < fw; j++) {
          const from = ((fh - 1 - i) * fw + (fw - 1 - j)) * C * O;
          const to = (i * fw + j) * O * C;
          for (let c = 0; c < C; c++) for (let o = 0; o < O; o++) dst[to + o * C + c] = src[from + c * O + o]!;
        }
      }
      const out = conv.kernelFunc({
        inputs: { x: dy, filter: flipped },
        backend,
        attrs: {
          strides: [1, 1],
          dilations: [1, 1],
          pad: [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dimRoundingMode: undefined,
        } as unknown as NamedAttrMap,
      });
      return out;
    } finally {
      // Also drops the XNNPACK operator that Conv2D cached for this filter id.
      backend.disposeData(flipped.dataId);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Equal with broadcasting: wasm's compare kernels broadcast through a generic per-element index
// path (~200 ns per element; 35% of a slim LeNet++ training step, from the gradient of the
// reshape-and-max pooling, equal(x, max(x, keepDims))). A strided JS loop over the wasm heap does
// the same in a few ns per element. Same-shape and other dtypes go to the original kernel.
// ---------------------------------------------------------------------------------------------

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

function equalWithFastBroadcast(native: KernelConfig): KernelFunc {
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

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

/** Kernel funcs installed by this module (to stay idempotent). */
const ours = new Set<KernelFunc>([conv2DBackpropFilterWasm]);
/** The wasm kernels replaced by wrappers, by name. */
const replaced: NativeKernels = new Map();

/** Replaces a native wasm kernel by a wrapper that falls back to it; keeps its setup/dispose. */
function wrapNative(name: string, wrap: (native: KernelConfig) => KernelFunc): void {
  const current = tf.getKernel(name, BACKEND);
  if (!current || ours.has(current.kernelFunc)) return; // wasm not imported yet, or already wrapped
  const kernelFunc = wrap(current);
  ours.add(kernelFunc);
  replaced.set(name, current);
  tf.unregisterKernel(name, BACKEND);
  const config: KernelConfig = { kernelName: name, backendName: BACKEND, kernelFunc };
  // setupFunc binds the wasm exports the fallback needs, if wasm initialises after this call.
  if (current.setupFunc) config.setupFunc = current.setupFunc;
  if (current.disposeFunc) config.disposeFunc = current.disposeFunc;
  tf.registerKernel(config);
}

export interface WasmTrainingKernelOptions {
  /** Run Conv2DBackpropInput (stride 1) on XNNPACK's Conv2D instead of wasm's scalar loop. Default true. */
  fastConv2DBackpropInput?: boolean;
  /** Run broadcasting Equal (gradient of max pooling by reshape + max) in a JS heap loop. Default true. */
  fastBroadcastEqual?: boolean;
  /** Replace wasm's wrong MaxPoolGrad (2×2, stride 2, 'valid') by a JS heap loop. Default true. */
  correctMaxPoolGrad?: boolean;
}

/**
 * Makes the tfjs `wasm` backend (4.22.0) able to train conv nets, and fast enough to:
 *  - registers Conv2DBackpropFilter, which wasm lacks (skipped if some version provides one);
 *  - replaces Conv2DBackpropInput and Equal by wrappers that take faster routes where they can
 *    and call the original kernel otherwise (see the options).
 * Idempotent. Call it after importing '@tensorflow/tfjs-backend-wasm' (whose import registers the
 * kernels that get wrapped), before or after `tf.setBackend('wasm')`. Imports nothing from the DOM.
 */
export function registerWasmTrainingKernels(options: WasmTrainingKernelOptions = {}): void {
  if (!tf.getKernel(KERNEL, BACKEND)) tf.registerKernel(conv2DBackpropFilterWasmConfig);
  if (options.fastConv2DBackpropInput !== false) wrapNative('Conv2DBackpropInput', conv2DBackpropInputViaConv);
  if (options.fastBroadcastEqual !== false) wrapNative('Equal', equalWithFastBroadcast);
  if (options.correctMaxPoolGrad !== false) wrapNative('MaxPoolGrad', maxPoolGradFirstMax);
}

/** For tests: puts back the original wasm kernels that registerWasmTrainingKernels wrapped. */
export function restoreNativeWasmKernels(): void {
  for (const [name, config] of replaced) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(config);
  }
  replaced.clear();
}
