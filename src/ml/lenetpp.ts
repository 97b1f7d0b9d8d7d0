/** LeNet++ (Wen et al. 2016) and its slim variant: parameters under PyTorch state_dict names, and the forward pass. */
import * as tf from '@tensorflow/tfjs';
import { biasPrelu } from './biasPrelu';
import type { Variant } from './config';
import type { Rng } from './rng';

export const FEAT_DIM = 2;
export const KERNEL = 5;

/** Conv widths per stage; each stage ends in a 2×2 max-pool. */
export const VARIANT_WIDTHS: Record<Variant, number[][]> = {
  full: [
    [32, 32],
    [64, 64],
    [128, 128],
  ],
  slim: [[16], [32], [64]],
};

export interface ModelSpec {
  variant: Variant;
  widths: number[][];
  featDim: number;
  numClasses: number;
  fc2Bias: boolean;
}

export function modelSpec(variant: Variant, fc2Bias: boolean): ModelSpec {
  return { variant, widths: VARIANT_WIDTHS[variant], featDim: FEAT_DIM, numClasses: 10, fc2Bias };
}

/** Parameter shapes in tfjs layout: conv HWIO, linear [in, out], PReLU slope [1]. */
export interface ParamInfo {
  name: string;
  shape: number[];
  /** fan_in for PyTorch's default U(−1/√fan_in, 1/√fan_in); undefined for PReLU slopes. */
  fanIn?: number;
}

export type PoolMode = 'native' | 'reshape';

interface ConvLayer {
  conv: string;
  prelu: string;
  inC: number;
  outC: number;
  poolAfter: boolean;
}

function convLayers(spec: ModelSpec): ConvLayer[] {
  const layers: ConvLayer[] = [];
  let inC = 1;
  spec.widths.forEach((stage, s) => {
    stage.forEach((outC, k) => {
      const id = `${s + 1}_${k + 1}`;
      layers.push({ conv: `conv${id}`, prelu: `prelu${id}`, inC, outC, poolAfter: k === stage.length - 1 });
      inC = outC;
    });
  });
  return layers;
}

/** 28 → 14 → 7 → 3 (floor). */
export function flatSize(spec: ModelSpec): { side: number; channels: number; size: number } {
  let side = 28;
  for (let s = 0; s < spec.widths.length; s++) side = Math.floor(side / 2);
  const last = spec.widths[spec.widths.length - 1]!;
  const channels = last[last.length - 1]!;
  return { side, channels, size: side * side * channels };
}

/** Every parameter, in PyTorch state_dict order. */
export function paramInfos(spec: ModelSpec): ParamInfo[] {
  const infos: ParamInfo[] = [];
  for (const l of convLayers(spec)) {
    const fanIn = l.inC * KERNEL * KERNEL;
    infos.push({ name: `${l.conv}.weight`, shape: [KERNEL, KERNEL, l.inC, l.outC], fanIn });
    infos.push({ name: `${l.conv}.bias`, shape: [l.outC], fanIn });
    infos.push({ name: `${l.prelu}.weight`, shape: [1] });
  }
  const flat = flatSize(spec).size;
  infos.push({ name: 'fc1.weight', shape: [flat, spec.featDim], fanIn: flat });
  infos.push({ name: 'fc1.bias', shape: [spec.featDim], fanIn: flat });
  infos.push({ name: 'prelu_fc1.weight', shape: [1] });
  infos.push({ name: 'fc2.weight', shape: [spec.featDim, spec.numClasses], fanIn: spec.featDim });
  if (spec.fc2Bias) infos.push({ name: 'fc2.bias', shape: [spec.numClasses], fanIn: spec.featDim });
  return infos;
}

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

/** x: [B, 28, 28, 1] normalised images. */
export function forward(spec: ModelSpec, params: Params, x: tf.Tensor4D, pool: PoolMode): ForwardOut {
  let h: tf.Tensor4D = x;
  for (const l of convLayers(spec)) {
    h = biasPrelu(tf.conv2d(h, get<tf.Tensor4D>(params, `${l.conv}.weight`), 1, 'same'), get(params, `${l.conv}.bias`), get(params, `${l.prelu}.weight`));
    if (l.poolAfter) h = maxPool2x2(h, pool);
  }
  const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  const features = biasPrelu(tf.matMul<tf.Tensor2D>(flat, get<tf.Tensor2D>(params, 'fc1.weight')), get(params, 'fc1.bias'), get(params, 'prelu_fc1.weight'));
  let logits: tf.Tensor2D = tf.matMul(features, get<tf.Tensor2D>(params, 'fc2.weight'));
  if (spec.fc2Bias) logits = tf.add(logits, get(params, 'fc2.bias')) as tf.Tensor2D;
  return { features, logits };
}

export function parameterCount(spec: ModelSpec): number {
  return paramInfos(spec).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
