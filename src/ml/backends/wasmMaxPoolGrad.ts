/**
 * A correct `MaxPoolGrad` for tfjs-backend-wasm (4.22.0), whose own kernel returns silently wrong
 * gradients. The case LeNet++ needs, a 2×2 window with stride 2 and 'valid' padding (NHWC, float32,
 * odd sizes floored), runs as a JS loop over the wasm heap; any other case goes to the original kernel.
 *
 * Each output's gradient goes to the first input in its window (row-major) that equals the output,
 * which is the max tfjs-cpu and PyTorch pick; ties are thereby not split. Inputs the floored window
 * never covers (the last row and column of an odd size) get zero.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { heapF32, isWasmBackend } from './wasmHeap';

const KERNEL = 'MaxPoolGrad';

const pair = (v: unknown): [number, number] | null => {
  if (typeof v === 'number') return [v, v];
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number') ? [v[0] as number, v[1] as number] : null;
};

const isWindow2 = (v: unknown): boolean => {
  const p = pair(v);
  return p !== null && p[0] === 2 && p[1] === 2;
};

/** dx for a 2×2 / stride-2 / valid max pool; x [B, H, W, C], y and dy [B, ⌊H/2⌋, ⌊W/2⌋, C]. */
export function maxPoolGrad2x2(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, shape: readonly [number, number, number, number]): void {
  const [B, H, W, C] = shape;
  const OH = Math.floor(H / 2);
  const OW = Math.floor(W / 2);
  dx.fill(0);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const row0 = (b * H + 2 * oh) * W * C;
      const row1 = row0 + W * C;
      const out = (b * OH + oh) * OW * C;
      for (let ow = 0; ow < OW; ow++) {
        const i00 = row0 + 2 * ow * C;
        const i10 = row1 + 2 * ow * C;
        const o = out + ow * C;
        for (let c = 0; c < C; c++) {
          const m = y[o + c]!;
          const g = dy[o + c]!;
          if (x[i00 + c] === m) dx[i00 + c] = g;
          else if (x[i00 + C + c] === m) dx[i00 + C + c] = g;
          else if (x[i10 + c] === m) dx[i10 + c] = g;
          else dx[i10 + C + c] = g;
        }
      }
    }
  }
}

/** Wraps wasm's MaxPoolGrad: the 2×2 / stride-2 / valid case runs maxPoolGrad2x2, the rest the original. */
export function maxPoolGradFirstMax(native: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { dy, input, output } = inputs as { dy?: TensorInfo; input?: TensorInfo; output?: TensorInfo };
    const a = attrs as { filterSize?: unknown; strides?: unknown; pad?: unknown; dimRoundingMode?: unknown } | undefined;
    if (
      !dy ||
      !input ||
      !output ||
      !isWasmBackend(backend) ||
      input.shape.length !== 4 ||
      [dy, input, output].some((t) => t.dtype !== 'float32') ||
      !isWindow2(a?.filterSize) ||
      !isWindow2(a?.strides) ||
      a?.pad !== 'valid'
    ) {
      return native.kernelFunc(args);
    }
    const dx = backend.makeOutput([...input.shape], 'float32');
    // Views are taken after makeOutput: growing the heap may replace its buffer.
    maxPoolGrad2x2(heapF32(backend, input, KERNEL), heapF32(backend, output, KERNEL), heapF32(backend, dy, KERNEL), heapF32(backend, dx, KERNEL), input.shape as [number, number, number, number]);
    return dx;
  };
}
