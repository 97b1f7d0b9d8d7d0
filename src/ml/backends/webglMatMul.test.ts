/** The webgl matmul fix's indexing, on cpu: one zero past the shared axis, wherever the transposes put it, leaves every product unchanged. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onePastAxis, sharedAxes } from './webglMatMul';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('padding the shared dimension of a matmul', () => {
  it('finds the shared axis for every transpose, in batched and plain matmuls', () => {
    expect(sharedAxes(2, 2, false, false)).toEqual({ a: 1, b: 0 });
    expect(sharedAxes(2, 2, true, false)).toEqual({ a: 0, b: 0 });
    expect(sharedAxes(3, 3, false, true)).toEqual({ a: 2, b: 2 });
    expect(sharedAxes(3, 3, true, true)).toEqual({ a: 1, b: 2 });
    expect(onePastAxis(3, 1)).toEqual([
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('gives the same product for odd shared dimensions 1, 3 and 7 and every transpose', async () => {
    for (const k of [1, 3, 7])
      for (const transposeA of [false, true])
        for (const transposeB of [false, true]) {
          const [m, n] = [2, 5];
          const a = tf.randomNormal(transposeA ? [3, k, m] : [3, m, k], 0, 1, 'float32', k);
          const b = tf.randomNormal(transposeB ? [3, n, k] : [3, k, n], 0, 1, 'float32', k + 1);
          const axes = sharedAxes(3, 3, transposeA, transposeB);
          const direct = tf.matMul(a, b, transposeA, transposeB);
          const padded = tf.matMul(tf.pad(a, onePastAxis(3, axes.a)), tf.pad(b, onePastAxis(3, axes.b)), transposeA, transposeB);
          expect(padded.shape).toEqual([3, m, n]);
          expect(Array.from(await padded.data())).toEqual(Array.from(await direct.data()));
          tf.dispose([a, b, direct, padded]);
        }
  });
});
