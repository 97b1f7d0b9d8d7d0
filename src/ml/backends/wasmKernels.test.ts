/**
 * The custom wasm Conv2DBackpropFilter kernel, and every kernel a LeNet++-style training step needs
 * on wasm, checked against the cpu backend on identical inputs.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { planChunks, setPatchBytesForTesting } from './wasmConv2DBackpropFilter';
import { registerWasmTrainingKernels, restoreNativeWasmKernels } from './wasmKernels';

type Backend = 'wasm' | 'cpu';
type Arr = { shape: number[]; values: number[] };

/** A deterministic pseudo-random array (no dependence on either backend's RNG). */
function rand(shape: number[], seed: number, scale = 1): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Array<number>(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    values[i] = ((s / 4294967296) * 2 - 1) * scale;
  }
  return { shape, values };
}

const t = (a: Arr): tf.Tensor => tf.tensor(a.values, a.shape, 'float32');
const toArr = (x: tf.Tensor): Arr => ({ shape: x.shape.slice(), values: Array.from(x.dataSync()) });

/** Runs f on a backend and brings its outputs back as plain arrays; f's tensors are all disposed. */
async function on<T extends tf.Tensor | tf.Tensor[]>(backend: Backend, f: () => T): Promise<Arr[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const outs = tf.tidy(f as () => tf.Tensor | tf.Tensor[]);
  const list = Array.isArray(outs) ? outs : [outs];
  const arrs = list.map(toArr);
  tf.dispose(list);
  return arrs;
}

/** max |a − b| / max |b| (b: the cpu reference). */
function relErr(a: Arr, b: Arr): number {
  expect(a.shape).toEqual(b.shape);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.values.length; i++) {
    diff = Math.max(diff, Math.abs(a.values[i]! - b.values[i]!));
    scale = Math.max(scale, Math.abs(b.values[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

function expectClose(wasm: Arr[], cpu: Arr[], tol = 1e-4): void {
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((w, i) => {
    const e = relErr(w, cpu[i]!);
    expect(e, `output ${i} (shape [${cpu[i]!.shape.join(', ')}]): relative error ${e}`).toBeLessThan(tol);
  });
}

async function bothBackends<T extends tf.Tensor | tf.Tensor[]>(f: () => T, tol = 1e-4): Promise<void> {
  const wasm = await on('wasm', f);
  const cpu = await on('cpu', f);
  expectClose(wasm, cpu, tol);
}

type ConvAttrs = {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  filterShape: [number, number, number, number];
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
};

function backpropFilter(x: Arr, dy: Arr, attrs: ConvAttrs): tf.Tensor {
  return tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x: t(x), dy: t(dy) },
    { dataFormat: 'NHWC', ...attrs } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor;
}

/** dy's shape for a conv of x with these attributes (computed by tfjs itself). */
function dyShape(xShape: number[], attrs: ConvAttrs): number[] {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
  );
  return info.outShape;
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
});

afterEach(async () => {
  setPatchBytesForTesting(undefined);
  await tf.setBackend('wasm');
});

afterAll(() => {
  setPatchBytesForTesting(undefined);
});

/** The wasm kernels registerWasmTrainingKernels replaces by wrappers that fall back to them. */
const WRAPPED = ['Conv2DBackpropInput', 'Equal', 'MaxPoolGrad', 'Identity'];

describe('registerWasmTrainingKernels', () => {
  it('registers Conv2DBackpropFilter for wasm, once, however often it is called', () => {
    const warn = vi.spyOn(console, 'warn');
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('BiasPreluGrad', 'wasm')).toBeDefined();
    const funcs = WRAPPED.map((k) => tf.getKernel(k, 'wasm').kernelFunc);
    registerWasmTrainingKernels();
    expect(WRAPPED.map((k) => tf.getKernel(k, 'wasm').kernelFunc)).toEqual(funcs);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('already registered'))).toEqual([]);
    warn.mockRestore();
  });

  it('can put the original kernels back and wrap them again; options leave them alone', async () => {
    const wrapped = WRAPPED.map((k) => tf.getKernel(k, 'wasm').kernelFunc);
    restoreNativeWasmKernels();
    const native = WRAPPED.map((k) => tf.getKernel(k, 'wasm').kernelFunc);
    native.forEach((f, i) => expect(f).not.toBe(wrapped[i]));
    expect(tf.getKernel('BiasPreluGrad', 'wasm')).toBeUndefined();
    registerWasmTrainingKernels({ fastConv2DBackpropInput: false, fastBroadcastEqual: false, correctMaxPoolGrad: false, shareIdentity: false, fusedBiasPreluGrad: false });
    expect(WRAPPED.map((k) => tf.getKernel(k, 'wasm').kernelFunc)).toEqual(native);
    expect(tf.getKernel('BiasPreluGrad', 'wasm')).toBeUndefined();
    // The original kernels still work after the round trip (their wasm setup was kept).
    await bothBackends(() => tf.cast(tf.equal(t(rand([3, 4], 1)), tf.scalar(0)), 'float32'));
    registerWasmTrainingKernels();
    WRAPPED.forEach((k, i) => expect(tf.getKernel(k, 'wasm').kernelFunc).not.toBe(native[i]));
  });
});

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  const cases: { name: string; x: number[]; attrs: ConvAttrs; patchBytes?: number }[] = [
    { name: 'odd batch, 1 channel, 5×5 same', x: [3, 9, 9, 1], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 1, 4] } },
    { name: 'several channels, non-square, 5×5 same', x: [5, 8, 7, 3], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 3, 6] } },
    { name: 'numeric pad 1, 3×3', x: [4, 6, 6, 4], attrs: { strides: 1, pad: 1, filterShape: [3, 3, 4, 5] } },
    { name: 'numeric pad 2 with a 3×3 filter (output grows)', x: [2, 5, 5, 2], attrs: { strides: 1, pad: 2, filterShape: [3, 3, 2, 3] } },
    { name: 'valid, 5×5', x: [3, 10, 9, 2], attrs: { strides: 1, pad: 'valid', filterShape: [5, 5, 2, 3] } },
    {
      name: 'explicit asymmetric padding',
      x: [3, 7, 8, 3],
      attrs: { strides: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]], filterShape: [4, 5, 3, 2] },
    },
    { name: 'even 4×4 filter, same', x: [2, 6, 6, 2], attrs: { strides: 1, pad: 'same', filterShape: [4, 4, 2, 3] } },
    { name: 'stride 2, same', x: [3, 9, 8, 2], attrs: { strides: 2, pad: 'same', filterShape: [5, 5, 2, 3] } },
    { name: 'stride [2, 1], valid', x: [2, 9, 8, 3], attrs: { strides: [2, 1], pad: 'valid', filterShape: [3, 3, 3, 4] } },
    { name: 'batch 1', x: [1, 6, 6, 3], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 3, 2] } },
    // 5×5×3 filter: 300 bytes per patch column; one output row of the 9-image batch is 27,000 bytes.
    {
      name: 'chunks of 3 output rows of the whole batch (10 rows: 3+3+3+1)',
      x: [9, 10, 10, 3],
      attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 3, 4] },
      patchBytes: 81_000,
    },
    {
      name: 'chunks of part of the batch (7 images: 3+3+1) per output row',
      x: [7, 10, 10, 3],
      attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 3, 4] },
      patchBytes: 9_000,
    },
    {
      name: 'one image per chunk, 1 channel',
      x: [5, 8, 8, 1],
      attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 1, 3] },
      patchBytes: 1,
    },
    {
      name: 'part of the batch per chunk with stride 2',
      x: [5, 9, 9, 2],
      attrs: { strides: 2, pad: 'same', filterShape: [5, 5, 2, 3] },
      patchBytes: 2_000,
    },
    { name: 'the real layer shape 28×28, 8 → 8 channels', x: [3, 28, 28, 8], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 8, 8] } },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const x = rand(c.x, 1 + c.x.reduce((a, b) => a + b, 0));
      const dy = rand(dyShape(c.x, c.attrs), 7 + c.x[0]!);
      if (c.patchBytes !== undefined) setPatchBytesForTesting(c.patchBytes);
      await bothBackends(() => backpropFilter(x, dy, c.attrs));
    });
  }

  it('plans the chunks the cases above rely on', () => {
    const g = (B: number, C: number, OH: number, OW: number) => ({ B, C, OH, OW, fh: 5, fw: 5 });
    expect(planChunks(g(9, 3, 10, 10), 81_000).map((c) => [c.oh0, c.ohn, c.b0, c.bn])).toEqual([
      [0, 3, 0, 9],
      [3, 3, 0, 9],
      [6, 3, 0, 9],
      [9, 1, 0, 9],
    ]);
    const part = planChunks(g(7, 3, 10, 10), 9_000);
    expect(new Set(part.map((c) => `${c.b0}+${c.bn}`))).toEqual(new Set(['0+3', '3+3', '6+1']));
    expect(part.every((c) => c.ohn === 1)).toBe(true);
    expect(part).toHaveLength(30);
    // The real model's biggest layer at batch 128: never an unchunked 320 MB patch matrix.
    for (const c of planChunks(g(128, 32, 28, 28))) expect(5 * 5 * 32 * c.ohn * 28 * c.bn * 4).toBeLessThanOrEqual(64 << 20);
  });

  it('is what tf.grad of tf.conv2d uses on wasm', async () => {
    const x = rand([3, 8, 8, 2], 11);
    const w = rand([5, 5, 2, 3], 12);
    const dy = rand([3, 8, 8, 3], 13);
    await bothBackends(() => {
      const g = tf.grad((wt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(t(x) as tf.Tensor4D, wt as tf.Tensor4D, 1, 'same'), t(dy))));
      return g(t(w));
    });
  });

  it('names the unsupported attribute, and leaks nothing when it throws', async () => {
    await tf.setBackend('wasm');
    const x = rand([2, 6, 6, 2], 3);
    const dy = rand([2, 6, 6, 3], 4);
    const before = tf.memory().numTensors;
    const dataBefore = tf.engine().backend.numDataIds();
    const run = (extra: Partial<ConvAttrs>) => () =>
      tf.tidy(() => backpropFilter(x, dy, { strides: 1, pad: 'same', filterShape: [5, 5, 2, 3], ...extra }));
    expect(run({ dataFormat: 'NCHW' })).toThrow(/dataFormat/);
    expect(run({ dilations: [2, 2] })).toThrow(/dilations/);
    expect(run({ filterShape: [5, 5, 4, 3] })).toThrow(/filterShape/);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });
});

describe('Conv2DBackpropInput on wasm (XNNPACK route for stride 1, original kernel otherwise) matches cpu', () => {
  const cases: { name: string; x: number[]; attrs: ConvAttrs }[] = [
    { name: '5×5 same, 1 → 4 channels', x: [3, 9, 9, 1], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 1, 4] } },
    { name: '5×5 same, several channels, non-square', x: [5, 8, 7, 3], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 3, 6] } },
    { name: 'numeric pad 1, 3×3', x: [2, 6, 6, 4], attrs: { strides: 1, pad: 1, filterShape: [3, 3, 4, 5] } },
    { name: 'valid 5×5', x: [3, 10, 9, 2], attrs: { strides: 1, pad: 'valid', filterShape: [5, 5, 2, 3] } },
    { name: 'explicit asymmetric padding', x: [3, 7, 8, 3], attrs: { strides: 1, pad: [[0, 0], [2, 1], [0, 3], [0, 0]], filterShape: [4, 5, 3, 2] } },
    { name: 'even 4×4 filter, same', x: [2, 6, 6, 2], attrs: { strides: 1, pad: 'same', filterShape: [4, 4, 2, 3] } },
    { name: 'pad larger than the filter allows (original kernel)', x: [2, 5, 5, 2], attrs: { strides: 1, pad: 3, filterShape: [3, 3, 2, 3] } },
    { name: 'stride 2 (original kernel)', x: [3, 9, 8, 2], attrs: { strides: 2, pad: 'same', filterShape: [5, 5, 2, 3] } },
    { name: 'the real layer shape 14×14, 16 → 32 channels', x: [4, 14, 14, 16], attrs: { strides: 1, pad: 'same', filterShape: [5, 5, 16, 32] } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const w = rand(c.attrs.filterShape, 3 + c.x[1]!);
      const dy = rand(dyShape(c.x, c.attrs), 5 + c.x[2]!);
      await bothBackends(() =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: t(dy), filter: t(w) },
          { strides: c.attrs.strides, pad: c.attrs.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
      );
    });
  }
});

describe('Equal on wasm (JS loop when broadcasting, original kernel otherwise) matches cpu', () => {
  /** Values with many ties, so that both outcomes occur. */
  const ties = (shape: number[], seed: number): Arr => {
    const r = rand(shape, seed);
    return { shape, values: r.values.map((v) => Math.round(v * 2) / 2) };
  };
  const cases: { name: string; a: number[]; b: number[]; dtype?: 'float32' | 'int32' | 'bool' }[] = [
    { name: 'max-pool gradient pattern [B,h,2,w,2,C] vs [B,h,1,w,1,C]', a: [3, 4, 2, 5, 2, 6], b: [3, 4, 1, 5, 1, 6] },
    { name: 'same shapes', a: [4, 5, 6], b: [4, 5, 6] },
    { name: 'scalar on the right', a: [4, 7], b: [] },
    { name: 'scalar on the left', a: [], b: [3, 5] },
    { name: 'lower rank, broadcast inner', a: [2, 3, 4, 5], b: [4, 1] },
    { name: 'both sides broadcast', a: [5, 1, 3], b: [1, 4, 1] },
    { name: 'last dim broadcast', a: [3, 4, 5], b: [3, 4, 1] },
    { name: 'int32', a: [6, 4], b: [1, 4], dtype: 'int32' },
    { name: 'bool', a: [6, 4], b: [6, 1], dtype: 'bool' },
    { name: 'size zero', a: [0, 4], b: [1, 4] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const a = ties(c.a, 61 + c.a.length);
      const b = ties(c.b, 62 + c.b.length);
      const mk = (x: Arr) =>
        c.dtype === 'bool'
          ? tf.greater(t(x), 0)
          : c.dtype === 'int32'
            ? tf.tensor(x.values.map((v) => Math.round(v * 2)), x.shape, 'int32')
            : t(x);
      await bothBackends(() => tf.cast(tf.equal(mk(a), mk(b)), 'float32'));
    });
  }
  it('NaN equals nothing, infinities equal themselves', async () => {
    await bothBackends(() =>
      tf.cast(tf.equal(tf.tensor2d([[NaN, 1, Infinity], [2, -Infinity, NaN]]), tf.tensor2d([[NaN], [-Infinity]])), 'float32'),
    );
  });
});

/** Ops beyond the conv that a LeNet++ / center-loss step runs: value and gradient agree with cpu. */
describe('other training kernels on wasm match cpu (values and gradients)', () => {
  const x4 = rand([3, 8, 8, 4], 21);
  const ops: { name: string; f: () => tf.Tensor | tf.Tensor[] }[] = [
    {
      name: 'conv2d same (Conv2D, Conv2DBackpropInput)',
      f: () => {
        const w = t(rand([5, 5, 4, 3], 22));
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))),
        )([t(x4), w]);
        return [value, ...grads];
      },
    },
    {
      name: 'bias add + prelu with a [1]-shaped slope',
      f: () => {
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor, s: tf.Tensor) =>
          tf.sum(tf.mul(tf.prelu(tf.add(a, b), s), t(rand([3, 8, 8, 4], 23)))),
        )([t(x4), t(rand([4], 24)), tf.tensor([0.25])]);
        return [value, ...grads];
      },
    },
    {
      name: 'reshape + max pooling, with the slice to an even size',
      f: () => {
        const xs = t(rand([2, 7, 7, 3], 25));
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor) => {
          const even = tf.slice(a, [0, 0, 0, 0], [2, 6, 6, 3]);
          const pooled = tf.max(tf.reshape(even, [2, 3, 2, 3, 2, 3]), [2, 4]);
          return tf.sum(tf.mul(pooled, t(rand([2, 3, 3, 3], 26))));
        })([xs]);
        return [value, ...grads];
      },
    },
    {
      name: 'matMul + bias, oneHot, logSoftmax, softmax cross-entropy, mean',
      f: () => {
        const labels = tf.oneHot(tf.tensor1d([3, 0, 9, 4, 4], 'int32'), 10);
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
          const logits = tf.add(tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D), b);
          const ce = tf.losses.softmaxCrossEntropy(labels, logits);
          const nll = tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1)));
          return tf.add(ce, tf.mul(nll, 0.5));
        })([t(rand([5, 6], 27)), t(rand([6, 10], 28)), t(rand([10], 29))]);
        return [value, ...grads, labels];
      },
    },
    {
      name: 'center distances: oneHot · centers, sum, sqrt, clipByValue',
      f: () => {
        const onehot = tf.oneHot(tf.tensor1d([1, 0, 2, 1], 'int32'), 3);
        const { value, grads } = tf.valueAndGrads((feat: tf.Tensor, centers: tf.Tensor) => {
          const c = tf.matMul(onehot, centers as tf.Tensor2D);
          const d2 = tf.sum(tf.square(tf.sub(feat, c)), 1);
          return tf.add(tf.mean(tf.sqrt(tf.add(d2, 1e-6))), tf.sum(tf.clipByValue(tf.mul(feat, 3), -1, 1)));
        })([t(rand([4, 2], 30)), t(rand([3, 2], 31))]);
        return [value, ...grads];
      },
    },
  ];
  for (const op of ops) it(op.name, () => bothBackends(op.f));
});

/** The brief's small conv net: conv 5×5 same → prelu → reshape-pool → conv → flatten → matMul → softmax CE. */
describe('a small conv net trains identically on wasm and cpu', () => {
  const B = 6;
  const params: Record<string, Arr> = {
    w1: rand([5, 5, 1, 8], 41, 0.2),
    b1: rand([8], 42, 0.1),
    a1: { shape: [1], values: [0.25] },
    w2: rand([5, 5, 8, 12], 43, 0.07),
    b2: rand([12], 44, 0.1),
    a2: { shape: [1], values: [0.2] },
    fc: rand([3 * 3 * 12, 10], 45, 0.1),
    fcb: rand([10], 46, 0.1),
  };
  const names = Object.keys(params);
  const images = rand([B, 14, 14, 1], 47);
  const labels = [0, 3, 9, 3, 7, 1];

  function pool(h: tf.Tensor4D): tf.Tensor4D {
    const [b, H, W, c] = h.shape;
    const h2 = Math.floor(H / 2);
    const w2 = Math.floor(W / 2);
    const even = H % 2 || W % 2 ? tf.slice(h, [0, 0, 0, 0], [b, h2 * 2, w2 * 2, c]) : h;
    return tf.max(tf.reshape(even, [b, h2, 2, w2, 2, c]), [2, 4]) as tf.Tensor4D;
  }

  function loss(v: Record<string, tf.Tensor>): tf.Scalar {
    let h = tf.conv2d(t(images) as tf.Tensor4D, v.w1 as tf.Tensor4D, 1, 'same');
    h = pool(tf.prelu(tf.add(h, v.b1!), v.a1!) as tf.Tensor4D); // 14 → 7
    h = tf.conv2d(h, v.w2 as tf.Tensor4D, 1, 'same');
    h = pool(tf.prelu(tf.add(h, v.b2!), v.a2!) as tf.Tensor4D); // 7 → 3 (slice to 6 first)
    const flat = tf.reshape(h, [B, -1]) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(flat, v.fc as tf.Tensor2D), v.fcb!);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), logits) as tf.Scalar;
  }

  const lossAndGrads = (): tf.Tensor[] => {
    const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => loss(Object.fromEntries(names.map((n, i) => [n, ws[i]!]))))(
      names.map((n) => t(params[n]!)),
    );
    return [value, ...grads];
  };

  it('loss and the gradient of every weight agree to 1e-4 (relative to the largest entry)', async () => {
    const wasm = await on('wasm', lossAndGrads);
    const cpu = await on('cpu', lossAndGrads);
    expect(wasm[0]!.values[0]).toBeGreaterThan(0);
    expectClose(wasm, cpu, 1e-4);
    // Every weight gets a real gradient (a silently zero one would also "match").
    for (const g of cpu.slice(1)) expect(Math.max(...g.values.map(Math.abs))).toBeGreaterThan(0);
  });

  it('leaks no tensor and no data over 5 gradient computations with variables', async () => {
    await tf.setBackend('wasm');
    const vars = Object.fromEntries(names.map((n) => [n, tf.variable(t(params[n]!), true, `wk_${n}`)]));
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => loss(vars), Object.values(vars));
      value.dataSync();
      tf.dispose(value);
      tf.dispose(Object.values(grads));
    };
    step(); // warm-up: first-use caches
    const tensors = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) {
      step();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    }
    tf.dispose(Object.values(vars));
  });
});
