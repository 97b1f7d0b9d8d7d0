/** The wasm Equal wrapper (a JS loop when broadcasting) against cpu. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, rand, t, type Arr } from '../../../test/wasmVsCpu';
import { registerWasmTrainingKernels } from './wasmKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
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

