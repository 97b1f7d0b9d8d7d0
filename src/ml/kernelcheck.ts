/**
 * Each of our GPU kernels against `cpu` on odd shapes (sizes that are not multiples of the tiles, strides,
 * 'valid' and 'same' padding, one chunk and many): Conv2DBackpropFilter, BiasPrelu and BiasPreluGrad (both
 * input forms), GatherMnistImages and GatherOneHot. Inputs are seeded; outputs are read back with data().
 *
 * No DOM import: this runs in the self-test worker.
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from './backend';
import { BIAS_PRELU_GRAD } from './backends/wasmBiasPreluGrad';
import { BIAS_PRELU } from './backends/webgpuBiasPrelu';
import { planFilterGrad } from './backends/webgpuConv2DBackpropFilter';
import { GATHER_MNIST_IMAGES, GATHER_ONE_HOT, packPixels } from './backends/webgpuGatherBatch';
import { webGpuKernelCalls } from './backends/webgpuKernels';
import type { BackendName } from './config';
import { GRAD_TOLERANCE, relDiff } from './gradcheck';
import { gatherImages, normalizeInto, PIXELS } from './idx';
import { deriveRng } from './rng';

export interface KernelCase {
  kernel: string;
  shape: string;
  maxRel: number;
  /** For the filter gradient: how many chunks of the reduction the plan used (1: one pass). */
  splits?: number;
  pass: boolean;
}

export interface KernelCheckReport {
  backend: string;
  cases: KernelCase[];
  ourKernelCalls: Record<string, number>;
  leakedTensors: number;
  pass: boolean;
}

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid';
}

export const CONV_CASES: ConvCase[] = [
  { x: [3, 9, 11, 5], filter: [5, 3, 5, 7], stride: 1, pad: 'same' },
  { x: [2, 7, 7, 40], filter: [5, 5, 40, 33], stride: 2, pad: 'valid' },
  { x: [4, 13, 10, 3], filter: [3, 4, 3, 6], stride: 2, pad: 'same' },
  { x: [1, 28, 28, 1], filter: [5, 5, 1, 3], stride: 1, pad: 'same' },
];

export const PRELU_SHAPES: number[][] = [
  [3, 5, 7, 6],
  [129, 2],
  [2, 300, 1],
];

const noise = (n: number, seed: number) => {
  const r = deriveRng(seed, 5);
  return Float32Array.from({ length: n }, () => r.normal());
};
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

type Outputs = Float32Array[];

/** Every case's outputs on the active backend, in order. */
async function evaluate(fused: boolean): Promise<Outputs[]> {
  const out: Outputs[] = [];
  const read = async (ts: tf.Tensor[]) => {
    const d = await Promise.all(ts.map((t) => t.data<'float32'>()));
    tf.dispose(ts);
    return d.map((a) => Float32Array.from(a));
  };
  for (const [i, c] of CONV_CASES.entries()) {
    const outH = c.pad === 'same' ? Math.ceil(c.x[1] / c.stride) : Math.ceil((c.x[1] - c.filter[0] + 1) / c.stride);
    const outW = c.pad === 'same' ? Math.ceil(c.x[2] / c.stride) : Math.ceil((c.x[2] - c.filter[1] + 1) / c.stride);
    const dyShape = [c.x[0], outH, outW, c.filter[3]];
    const t = tf.tidy(() => {
      const x = tf.tensor4d(noise(size(c.x), 10 + i), c.x);
      const dy = tf.tensor4d(noise(size(dyShape), 20 + i), dyShape as [number, number, number, number]);
      return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor;
    });
    out.push(await read([t]));
  }
  for (const [i, shape] of PRELU_SHAPES.entries()) {
    const C = shape.at(-1)!;
    const ts = tf.tidy(() => {
      const z = tf.tensor(noise(size(shape), 30 + i), shape);
      const bias = tf.tensor1d(noise(C, 40 + i));
      const alpha = tf.tensor1d([0.25]);
      const dy = tf.tensor(noise(size(shape), 50 + i), shape);
      const u = tf.add(z, bias);
      if (!fused) {
        // The reference: tfjs's ops, as biasPrelu composes them without fused kernels.
        const y = tf.prelu(u, alpha);
        const du = tf.where(tf.greater(u, 0), dy, tf.mul(dy, alpha));
        const dbias = tf.sum(du, [...shape.keys()].slice(0, -1));
        const da = tf.reshape(tf.sum(tf.where(tf.greater(u, 0), tf.zerosLike(u), tf.mul(u, dy))), [1]);
        return [y, du, dbias, da, du, dbias, da];
      }
      const y = tf.engine().runKernel(BIAS_PRELU, { z, bias, alpha }) as tf.Tensor;
      const fromU = tf.engine().runKernel(BIAS_PRELU_GRAD, { dy, u, alpha }) as tf.Tensor[];
      const fromZ = tf.engine().runKernel(BIAS_PRELU_GRAD, { dy, z, bias, alpha }) as tf.Tensor[];
      return [y, ...fromU, ...fromZ];
    });
    out.push(await read(ts));
  }
  const count = 37;
  const r = deriveRng(60, 5);
  const pixels = Uint8Array.from({ length: count * PIXELS }, () => r.int(256));
  const labels = Int32Array.from({ length: count }, () => r.int(10));
  const idx = Int32Array.from([36, 0, 5, 5, 17, 2, 36]);
  if (!fused) {
    const split = { split: 'train' as const, count, pixels, labels: Uint8Array.from(labels) };
    const oneHot = new Float32Array(idx.length * 10);
    idx.forEach((j, k) => (oneHot[k * 10 + labels[j]!] = 1));
    out.push([gatherImages(split, idx), oneHot]);
  } else {
    const table = new Float32Array(256);
    normalizeInto(Uint8Array.from(table.keys()), table);
    const ts = tf.tidy(() => {
      const indices = tf.tensor1d(idx, 'int32');
      const x = tf.engine().runKernel(GATHER_MNIST_IMAGES, { packed: tf.tensor1d(packPixels(pixels), 'int32'), table: tf.tensor1d(table), indices }, { pixelsPerImage: PIXELS }) as tf.Tensor;
      const oh = tf.engine().runKernel(GATHER_ONE_HOT, { labels: tf.tensor1d(labels, 'int32'), indices }, { numClasses: 10 }) as tf.Tensor;
      return [x, oh];
    });
    out.push(await read(ts));
  }
  return out;
}

function names(): Array<{ kernel: string; shape: string; splits?: number }> {
  const list: Array<{ kernel: string; shape: string; splits?: number }> = [];
  for (const c of CONV_CASES) {
    const outH = c.pad === 'same' ? Math.ceil(c.x[1] / c.stride) : Math.ceil((c.x[1] - c.filter[0] + 1) / c.stride);
    const outW = c.pad === 'same' ? Math.ceil(c.x[2] / c.stride) : Math.ceil((c.x[2] - c.filter[1] + 1) / c.stride);
    const p = planFilterGrad({
      batch: c.x[0], inH: c.x[1], inW: c.x[2], inC: c.x[3], outH, outW, outC: c.filter[3], filterH: c.filter[0], filterW: c.filter[1],
      strideH: c.stride, strideW: c.stride, padTop: 0, padLeft: 0,
    });
    list.push({ kernel: 'Conv2DBackpropFilter', shape: `x [${c.x.join(', ')}], filter [${c.filter.join(', ')}], stride ${c.stride}, ${c.pad}`, splits: p.splits });
  }
  for (const s of PRELU_SHAPES) {
    const sh = `[${s.join(', ')}]`;
    list.push({ kernel: `${BIAS_PRELU} → y`, shape: sh });
    for (const form of ['u', 'z + bias']) for (const o of ['dz', 'dbias', 'da']) list.push({ kernel: `${BIAS_PRELU_GRAD} (${form}) → ${o}`, shape: sh });
  }
  list.push({ kernel: GATHER_MNIST_IMAGES, shape: '37 images, 7 indices' }, { kernel: GATHER_ONE_HOT, shape: '37 labels, 7 indices' });
  return list;
}

/** Our kernels on `backend` against the references on cpu. Leaves cpu active. */
export async function runKernelCheck(backend: BackendName): Promise<KernelCheckReport> {
  await activateBackend(backend);
  const active = tf.getBackend();
  const before = tf.memory().numTensors;
  webGpuKernelCalls(true);
  const got = (await evaluate(true)).flat();
  const ourKernelCalls = webGpuKernelCalls(true);
  const leakedTensors = tf.memory().numTensors - before;
  await activateBackend('cpu');
  const ref = (await evaluate(false)).flat();
  const cases = names().map((n, i) => {
    const { rel } = relDiff(got[i]!, ref[i]!);
    return { ...n, maxRel: rel, pass: rel < GRAD_TOLERANCE };
  });
  return { backend: active, cases, ourKernelCalls, leakedTensors, pass: active === backend && leakedTensors === 0 && cases.every((c) => c.pass) };
}
