/**
 * prelu(z + bias, a) and its gradient: PyTorch's golden PReLU vectors on cpu (tfjs's own ops) and on wasm
 * (the fused BiasPreluGrad kernel), and wasm against cpu on a larger input with zeros and both signs.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, loadReference } from '../../test/reference';
import { activateBackend } from './backend';
import { biasPrelu } from './biasPrelu';

interface PreluCase {
  name: string;
  inputs: { x_shape: number[]; x: unknown; weight: number | number[]; grad_output: unknown };
  outputs: { y: unknown; grad_x: unknown; grad_weight: number | number[] };
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flat(Infinity) : [v]) as number[];

/** y and the gradients of Σ gy·y with respect to z, bias and a; and the kernels the gradient ran. */
async function run(z: tf.Tensor, bias: tf.Tensor, a: tf.Tensor, gy: tf.Tensor) {
  const before = tf.memory().numTensors;
  let out: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    out = tf.tidy(() => {
      const y = biasPrelu(z, bias, a);
      const g = tf.grads((zz: tf.Tensor, bb: tf.Tensor, aa: tf.Tensor) => tf.sum(tf.mul(biasPrelu(zz, bb, aa), gy)))([z, bias, a]);
      return [y, ...g];
    });
  });
  const [y, dz, db, da] = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(out);
  expect(tf.memory().numTensors).toBe(before);
  return { y: y!, dz: dz!, db: db!, da: da!, kernels: new Set(profile.kernelNames) };
}

/** Σ over every axis but the last, in float64. */
function channelSums(values: number[], channels: number): number[] {
  const s = new Array<number>(channels).fill(0);
  values.forEach((v, i) => (s[i % channels]! += v));
  return s;
}

afterAll(async () => {
  await activateBackend('cpu');
});

describe.each(['cpu', 'wasm'] as const)('biasPrelu on %s against the PReLU golden vectors', (backend) => {
  for (const c of loadReference<PreluCase[]>('prelu.json')) {
    it(c.name, async () => {
      await activateBackend(backend);
      const shape = c.inputs.x_shape;
      const channels = shape.at(-1)!;
      const z = tf.tensor(flat(c.inputs.x), shape);
      const bias = tf.zeros([channels]);
      const a = tf.tensor1d(flat(c.inputs.weight));
      const gy = tf.tensor(flat(c.inputs.grad_output), shape);
      const r = await run(z, bias, a, gy);
      expectClose(r.y, flat(c.outputs.y));
      expectClose(r.dz, flat(c.outputs.grad_x));
      expectClose(r.da, flat(c.outputs.grad_weight));
      // z + bias has the gradient of z with respect to bias: its sums over all but the channel axis.
      expectClose(r.db, channelSums(flat(c.outputs.grad_x), channels));
      expect(r.kernels.has('BiasPreluGrad')).toBe(backend === 'wasm');
      tf.dispose([z, bias, a, gy]);
    });
  }
});

describe('biasPrelu on wasm (one fused kernel) against cpu (tfjs ops)', () => {
  const shape = [4, 9, 9, 8];
  const n = shape.reduce((p, v) => p * v, 1);
  const values = (seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 43758.5453 % 1);
  // Exact zeros (and −0) sit on the boundary: both must take the slope, as x > 0 fails for them.
  const zv = values(1).map((v, i) => (i % 37 === 0 ? 0 : i % 41 === 0 ? -0 : v));
  const biasV = Array.from({ length: 8 }, (_, c) => (c % 3 === 0 ? 0 : 0.1 * (c - 4)));

  it('gives the same output and gradients, with no Select or Greater in the gradient', async () => {
    const results = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await activateBackend(backend);
      const z = tf.tensor(zv, shape);
      const bias = tf.tensor1d(biasV);
      const a = tf.tensor1d([-0.3]);
      const gy = tf.tensor(values(2), shape);
      results.push(await run(z, bias, a, gy));
      tf.dispose([z, bias, a, gy]);
    }
    const [cpu, wasm] = results as [Awaited<ReturnType<typeof run>>, Awaited<ReturnType<typeof run>>];
    expect(Array.from(wasm.y)).toEqual(Array.from(cpu.y));
    expect(Array.from(wasm.dz)).toEqual(Array.from(cpu.dz));
    expectClose(wasm.db, Array.from(cpu.db), 1e-5);
    expectClose(wasm.da, Array.from(cpu.da), 1e-5);
    expect(wasm.kernels.has('BiasPreluGrad')).toBe(true);
    expect(wasm.kernels.has('Select') || wasm.kernels.has('Greater')).toBe(false);
    expect(cpu.kernels.has('Select')).toBe(true);
  });

  it('falls back to tfjs ops on wasm for a slope per channel', async () => {
    await activateBackend('wasm');
    const inputs = [tf.tensor(zv, shape), tf.zeros([8]), tf.fill([8], 0.2), tf.ones(shape)] as const;
    const r = await run(...inputs);
    expect(r.kernels.has('BiasPreluGrad')).toBe(false);
    expect(r.kernels.has('Select')).toBe(true);
    expect(Array.from(r.da)).toHaveLength(8);
    tf.dispose([...inputs]);
  });
});
