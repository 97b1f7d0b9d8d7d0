/** LeNet++'s shapes: the model spec, its layers and every parameter's name and shape. No tensors, so the page can check a save. */
import type { Variant } from './config';

export const KERNEL = 5;

/** Feature dimensions the app trains and draws; 2 is the default and the paper's figures. */
export const FEAT_DIMS = [2, 3] as const;
export type FeatDim = (typeof FEAT_DIMS)[number];

/** The shape of the head: the feature dimension and the number of classes (from the dataset). */
export interface ModelShape {
  featDim: FeatDim;
  numClasses: number;
}

export const DEFAULT_SHAPE: ModelShape = { featDim: 2, numClasses: 10 };

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
  featDim: FeatDim;
  numClasses: number;
  fc2Bias: boolean;
}

export function modelSpec(variant: Variant, fc2Bias: boolean, shape: ModelShape = DEFAULT_SHAPE): ModelSpec {
  return { variant, widths: VARIANT_WIDTHS[variant], featDim: shape.featDim, numClasses: shape.numClasses, fc2Bias };
}

/** Parameter shapes in tfjs layout: conv HWIO, linear [in, out], PReLU slope [1]. */
export interface ParamInfo {
  name: string;
  shape: number[];
  /** fan_in for PyTorch's default U(−1/√fan_in, 1/√fan_in); undefined for PReLU slopes. */
  fanIn?: number;
}

export interface ConvLayer {
  conv: string;
  prelu: string;
  inC: number;
  outC: number;
  poolAfter: boolean;
}

export function convLayers(spec: ModelSpec): ConvLayer[] {
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

/** The parameters of the first `stages` conv stages (their convs and PReLUs): what a run with frozenStages leaves as it started. */
export function frozenParamNames(spec: ModelSpec, stages: number): Set<string> {
  const names = new Set<string>();
  spec.widths.slice(0, stages).forEach((stage, s) =>
    stage.forEach((_, k) => {
      for (const n of [`conv${s + 1}_${k + 1}.weight`, `conv${s + 1}_${k + 1}.bias`, `prelu${s + 1}_${k + 1}.weight`]) names.add(n);
    }),
  );
  return names;
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

export function parameterCount(spec: ModelSpec): number {
  return paramInfos(spec).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
