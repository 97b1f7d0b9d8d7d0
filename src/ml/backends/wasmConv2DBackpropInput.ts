/**
 * A faster `Conv2DBackpropInput` for the tfjs `wasm` backend (4.22.0). wasm's own kernel is correct
 * but a scalar C++ loop nest, ~7× slower than XNNPACK; it was 70% of a full LeNet++ training step.
 * For stride 1 and dilation 1 the input gradient is itself a convolution, dx = conv2d(dy, W′) with
 * W′[i, j, o, c] = W[fh−1−i, fw−1−j, c, o] and the padding mirrored, which the wasm Conv2D kernel
 * runs on XNNPACK with the flipped filter. The wrapper calls the original kernel for every other case.
 * Installed by registerWasmTrainingKernels (wasmKernels.ts).
 *
 * No DOM import: this file runs in a Web Worker and in Node.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { BACKEND, heapF32, isWasmBackend, type WasmBackendLike } from './wasmHeap';

/** Float32 heap view (the filter's dtype is checked before, and `flipped` is made float32). */
const f32 = (backend: WasmBackendLike, t: TensorInfo): Float32Array => heapF32(backend, t, 'Conv2DBackpropInput');

/** Wraps wasm's Conv2DBackpropInput: stride 1 runs as wasm's Conv2D with the flipped filter, the rest the original. */
export function conv2DBackpropInputViaConv(native: KernelConfig): KernelFunc {
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
