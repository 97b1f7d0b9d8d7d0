/**
 * registerWasmTrainingKernels, and every kernel a LeNet++-style training step needs on wasm, against cpu
 * on identical inputs. The convolution gradients and Equal have files of their own.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bothBackends, expectCloseToCpu, on, rand, t, type Arr } from '../../../test/wasmVsCpu';
import { registerWasmTrainingKernels, restoreNativeWasmKernels } from './wasmKernels';

beforeAll(async () => {
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(tf.getBackend()).toBe('wasm');
});

afterEach(async () => {
  await tf.setBackend('wasm');
});

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
    expectCloseToCpu(wasm, cpu, 1e-4);
    // Every weight gets a real gradient (a silently zero one would also "match").
    for (const g of cpu.slice(1)) expect(Math.max(...g.values.map(Math.abs))).toBeGreaterThan(0);
  });

  it('leaks no tensor and no data over 5 gradient computations with variables', async () => {
    await tf.setBackend('wasm');
    const vars = Object.fromEntries(names.map((n) => [n, tf.variable(t(params[n]!), true, `wk_${n}`)]));
    const step = async (): Promise<void> => {
      const { value, grads } = tf.variableGrads(() => loss(vars), Object.values(vars));
      await value.data();
      tf.dispose(value);
      tf.dispose(Object.values(grads));
    };
    await step(); // warm-up: first-use caches
    const tensors = tf.memory().numTensors;
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) {
      await step();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    }
    tf.dispose(Object.values(vars));
  });
});
