/** wasm's Identity shares data (tfjs clones each tensor a gradient saves) and stays safe to share. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels, restoreNativeWasmKernels } from './wasmKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('Identity on wasm', () => {
  it('clones without copying, and the clone outlives its source', async () => {
    const buffers = tf.memory().numDataBuffers;
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers);
  });

  it('a clone of a variable keeps its values when the variable is assigned', async () => {
    const v = tf.variable(tf.tensor([5, 6, 7]));
    const kept = tf.clone(v);
    v.assign(tf.tidy(() => tf.mul(v, 10)));
    expect(Array.from(await kept.data())).toEqual([5, 6, 7]);
    expect(Array.from(await v.data())).toEqual([50, 60, 70]);
    tf.dispose([v, kept]);
  });

  it('strings still go to the original kernel; without the wrapper a clone is a copy', async () => {
    const s = tf.tensor(['a', 'b']);
    const sc = tf.clone(s);
    expect(await sc.data()).toEqual(['a', 'b']);
    tf.dispose([s, sc]);
    restoreNativeWasmKernels();
    try {
      const x = tf.tensor([1, 2]);
      const y = tf.clone(x);
      expect(y.dataId).not.toBe(x.dataId);
      tf.dispose([x, y]);
    } finally {
      registerWasmTrainingKernels();
    }
  });
});
