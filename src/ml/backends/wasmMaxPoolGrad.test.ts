/**
 * The wasm MaxPoolGrad replacement against tfjs-cpu. (The stock kernel goes wrong inside a LeNet++ step, not on
 * these isolated inputs: gradcheck.test.ts shows that failure and this kernel passing the same check.)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxPoolGrad2x2 } from './wasmMaxPoolGrad';
import { registerWasmTrainingKernels } from './wasmKernels';

/** Gradient of Σ w·maxPool(x) with respect to x, on a backend. */
async function poolGrad(backend: 'wasm' | 'cpu', x: number[], shape: [number, number, number, number], seed = 3): Promise<Float32Array> {
  await tf.setBackend(backend);
  const [b, h, w, c] = shape;
  const outShape = [b, Math.floor(h / 2), Math.floor(w / 2), c];
  const weights = Array.from({ length: outShape.reduce((p, v) => p * v, 1) }, (_, i) => Math.sin(i * 1.7 + seed));
  const g = tf.tidy(() => tf.grad((xt: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xt as tf.Tensor4D, 2, 2, 'valid'), tf.tensor(weights, outShape))))(tf.tensor(x, shape)));
  const v = (await g.data()) as Float32Array;
  g.dispose();
  return v;
}

const randomInput = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1);

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('MaxPoolGrad on wasm (2×2, stride 2, valid)', () => {
  for (const shape of [[2, 28, 28, 3], [3, 7, 7, 5], [1, 5, 6, 2]] as [number, number, number, number][]) {
    it(`matches cpu exactly for ${shape.join('×')} (odd sizes floored)`, async () => {
      const x = randomInput(shape.reduce((p, v) => p * v, 1), shape[1]);
      expect(Array.from(await poolGrad('wasm', x, shape))).toEqual(Array.from(await poolGrad('cpu', x, shape)));
    });
  }

  it('gives a tied window\'s gradient to its first maximum only, like cpu and PyTorch', async () => {
    const x = [1, 1, 1, 1, 0, 2, 2, 0]; // two 2×2 windows side by side: all tied; tie on the top row
    const shape: [number, number, number, number] = [1, 2, 4, 1];
    const wasm = await poolGrad('wasm', x, shape);
    expect(Array.from(wasm)).toEqual(Array.from(await poolGrad('cpu', x, shape)));
    expect(wasm.filter((v) => v !== 0)).toHaveLength(2);
  });

  it('the pure loop writes dx for each window and zeroes what no window covers', () => {
    const x = Float32Array.from([5, 1, 9, 2, 3, 4, 0, 8, 7]); // 3×3, one channel: one window, rows 0-1 cols 0-1
    const dx = new Float32Array(9).fill(42);
    maxPoolGrad2x2(x, Float32Array.from([5]), Float32Array.from([0.5]), dx, [1, 3, 3, 1]);
    expect(Array.from(dx)).toEqual([0.5, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
