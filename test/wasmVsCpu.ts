/** wasm against cpu on identical inputs: deterministic inputs, outputs brought back as plain arrays, relative errors. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

type Backend = 'wasm' | 'cpu';
export type Arr = { shape: number[]; values: number[] };

/** A deterministic pseudo-random array (no dependence on either backend's RNG). */
export function rand(shape: number[], seed: number, scale = 1): Arr {
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

export const t = (a: Arr): tf.Tensor => tf.tensor(a.values, a.shape, 'float32');

/** Runs f on a backend and brings its outputs back as plain arrays; f's tensors are all disposed. */
export async function on<T extends tf.Tensor | tf.Tensor[]>(backend: Backend, f: () => T): Promise<Arr[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const outs = tf.tidy(f as () => tf.Tensor | tf.Tensor[]);
  const list = Array.isArray(outs) ? outs : [outs];
  const arrs = await Promise.all(list.map(async (x) => ({ shape: x.shape.slice(), values: Array.from(await x.data()) })));
  tf.dispose(list);
  return arrs;
}

/** max |a − b| / max |b| (b: the cpu reference). */
export function relErr(a: Arr, b: Arr): number {
  expect(a.shape).toEqual(b.shape);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.values.length; i++) {
    diff = Math.max(diff, Math.abs(a.values[i]! - b.values[i]!));
    scale = Math.max(scale, Math.abs(b.values[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

export function expectCloseToCpu(wasm: Arr[], cpu: Arr[], tol = 1e-4): void {
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((w, i) => {
    const e = relErr(w, cpu[i]!);
    expect(e, `output ${i} (shape [${cpu[i]!.shape.join(', ')}]): relative error ${e}`).toBeLessThan(tol);
  });
}

export async function bothBackends<T extends tf.Tensor | tf.Tensor[]>(f: () => T, tol = 1e-4): Promise<void> {
  const wasm = await on('wasm', f);
  const cpu = await on('cpu', f);
  expectCloseToCpu(wasm, cpu, tol);
}
