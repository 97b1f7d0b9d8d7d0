/** LeNet++ (Wen et al. 2016) and its slim variant: parameters under PyTorch state_dict names, and the forward pass. */
import * as tf from '@tensorflow/tfjs';
import { biasPrelu } from './biasPrelu';
import { convLayers, paramInfos, type ModelSpec } from './architecture';
import type { Rng } from './rng';

export * from './architecture';

export type PoolMode = 'native' | 'reshape';

export const PRELU_INIT = 0.25;

/** PyTorch's default initialisation, drawn from rng in state_dict order. */
export function initialValues(spec: ModelSpec, rng: Rng): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  for (const info of paramInfos(spec)) {
    const n = info.shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    if (info.fanIn === undefined) v.fill(PRELU_INIT);
    else {
      const bound = 1 / Math.sqrt(info.fanIn);
      for (let i = 0; i < n; i++) v[i] = (2 * rng.next() - 1) * bound;
    }
    values.set(info.name, v);
  }
  return values;
}

export type Params = Map<string, tf.Variable>;

export function createParams(spec: ModelSpec, values: Map<string, Float32Array>): Params {
  const params: Params = new Map();
  for (const info of paramInfos(spec)) {
    const v = values.get(info.name);
    if (!v) throw new Error(`missing initial value for ${info.name}`);
    // tidy: the variable keeps the data; the tensor it was made from must not outlive it.
    params.set(info.name, tf.tidy(() => tf.variable(tf.tensor(v, info.shape, 'float32'), true, undefined, 'float32')));
  }
  return params;
}

function get<T extends tf.Tensor = tf.Tensor>(params: Params, name: string): T {
  const p = params.get(name);
  if (!p) throw new Error(`model has no parameter ${name}`);
  return p as unknown as T;
}

/** 2×2 max-pool with floor; 'reshape' pools with reshape + max, which needs no MaxPoolGrad kernel (a cross-check). */
export function maxPool2x2(x: tf.Tensor4D, mode: PoolMode): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const h2 = Math.floor(h / 2);
  const w2 = Math.floor(w / 2);
  if (mode === 'native') return tf.maxPool(x, 2, 2, 'valid');
  const even = h % 2 || w % 2 ? tf.slice(x, [0, 0, 0, 0], [b, h2 * 2, w2 * 2, c]) : x;
  return tf.max(tf.reshape(even, [b, h2, 2, w2, 2, c]), [2, 4]) as tf.Tensor4D;
}

export interface ForwardOut {
  features: tf.Tensor2D;
  logits: tf.Tensor2D;
}

/** fc2's weight (tfjs layout [d, C]) and its bias where the model has one: what a loss head computes its logits from. */
export function fc2Of(spec: ModelSpec, params: Params): { weight: tf.Tensor2D; bias: tf.Tensor1D | null } {
  return { weight: get<tf.Tensor2D>(params, 'fc2.weight'), bias: spec.fc2Bias ? get<tf.Tensor1D>(params, 'fc2.bias') : null };
}

/** The deep features (fc1 + PReLU) of x: [B, 28, 28, 1] normalised images. */
export function deepFeatures(spec: ModelSpec, params: Params, x: tf.Tensor4D, pool: PoolMode): tf.Tensor2D {
  return featuresFrom(spec, params, convStages(spec, params, x, pool, 0, spec.widths.length), pool, spec.widths.length);
}

/** Conv stages [from, to) applied to h: the output of stage `from` − 1 (or the images, from 0). */
export function convStages(spec: ModelSpec, params: Params, h: tf.Tensor4D, pool: PoolMode, from: number, to: number): tf.Tensor4D {
  const layers = convLayers(spec);
  const first = spec.widths.slice(0, from).reduce((n, stage) => n + stage.length, 0);
  const last = spec.widths.slice(0, to).reduce((n, stage) => n + stage.length, 0);
  for (const l of layers.slice(first, last)) {
    h = biasPrelu(tf.conv2d(h, get<tf.Tensor4D>(params, `${l.conv}.weight`), 1, 'same'), get(params, `${l.conv}.bias`), get(params, `${l.prelu}.weight`));
    if (l.poolAfter) h = maxPool2x2(h, pool);
  }
  return h;
}

/** The deep features from the output of conv stage `from` − 1: the remaining stages, then fc1 + PReLU. */
export function featuresFrom(spec: ModelSpec, params: Params, h: tf.Tensor4D, pool: PoolMode, from: number): tf.Tensor2D {
  const top = convStages(spec, params, h, pool, from, spec.widths.length);
  const flat = tf.reshape(top, [top.shape[0], -1]) as tf.Tensor2D;
  return biasPrelu(tf.matMul<tf.Tensor2D>(flat, get<tf.Tensor2D>(params, 'fc1.weight')), get(params, 'fc1.bias'), get(params, 'prelu_fc1.weight'));
}

/** x: [B, 28, 28, 1] normalised images; fc2's plain logits x·W + b. */
export function forward(spec: ModelSpec, params: Params, x: tf.Tensor4D, pool: PoolMode): ForwardOut {
  const features = deepFeatures(spec, params, x, pool);
  const { weight, bias } = fc2Of(spec, params);
  let logits: tf.Tensor2D = tf.matMul(features, weight);
  if (bias) logits = tf.add(logits, bias) as tf.Tensor2D;
  return { features, logits };
}
