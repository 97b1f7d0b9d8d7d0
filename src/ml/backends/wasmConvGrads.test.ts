/** The wasm convolution gradients (the custom Conv2DBackpropFilter, the XNNPACK route of Conv2DBackpropInput) against cpu. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, rand, t, type Arr } from '../../../test/wasmVsCpu';
import { planChunks, setPatchBytesForTesting } from './wasmConv2DBackpropFilter';
import { registerWasmTrainingKernels } from './wasmKernels';

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
