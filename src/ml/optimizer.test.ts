import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipFactor, globalNorm, sgdUpdate } from './optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('SGD in PyTorch semantics', () => {
  it('g ← g + wd·w; v ← μv + g; w ← w − lr·v, over two steps', async () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const v = tf.variable(tf.zeros([2]));
    const s = { lr: 0.1, momentum: 0.9, weightDecay: 0.01 };
    tf.tidy(() => sgdUpdate(w, v, tf.tensor1d([0.5, 0.5]), s));
    // v1 = g + wd·w0 = [0.51, 0.48]; w1 = w0 − 0.1·v1
    expect(Array.from(await v.data())).toEqual([0.51, 0.48].map(Math.fround));
    const w1 = [1 - 0.1 * 0.51, -2 - 0.1 * 0.48];
    (await w.data()).forEach((x, i) => expect(x).toBeCloseTo(w1[i]!, 6));
    tf.tidy(() => sgdUpdate(w, v, tf.tensor1d([0, 1]), s));
    const v2 = [0.9 * 0.51 + 0.01 * w1[0]!, 0.9 * 0.48 + 1 + 0.01 * w1[1]!];
    (await v.data()).forEach((x, i) => expect(x).toBeCloseTo(v2[i]!, 6));
    (await w.data()).forEach((x, i) => expect(x).toBeCloseTo(w1[i]! - 0.1 * v2[i]!, 6));
    tf.dispose([w, v]);
  });

  it('clips the global gradient norm like clip_grad_norm_', async () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])];
    const norm = globalNorm(grads);
    expect(await norm.data()).toEqual(new Float32Array([5]));
    expect((await clipFactor(norm, 1).data())[0]).toBeCloseTo(1 / (5 + 1e-6), 7);
    expect((await clipFactor(norm, 10).data())[0]).toBe(1);
    tf.dispose([...grads, norm]);
  });
});
