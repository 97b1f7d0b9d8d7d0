/** The loss registry: one row per loss head (what it reads, reports, keeps and draws). No tensors: the page reads it too; the math is in heads.ts. */
import type { Hyper } from '../config';
import { arcTarget, lambdaAt, MARGIN_RAMP_STEPS, marginAngle, paramOf, rampedMargin, sphereLambdaAt, sphereP } from './schedules';
import type { LossHead, LossParamSpec } from './types';

export type { LossHead, LossParamSpec };

/** The loss kinds, in the order the page lists them: one per row below. */
export const LOSS_KINDS = ['softmax', 'center', 'normface', 'sphereface', 'cosface', 'arcface'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

/** Center loss's parameters are the run's core hyper-parameters (config.ts), older than the registry: every file has them. */
const CENTER_KEYS = ['lambda', 'alpha', 'rule', 'lambdaWarmupSteps'] as const;

/** A row's defaults, from its parameters' specs. */
const absentOf = <P extends Record<string, LossParamSpec>>(specs: P): { [K in keyof P]: P[K]['absent'] } =>
  Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.absent])) as { [K in keyof P]: P[K]['absent'] };

const MARGIN_RAMP = {
  marginRampSteps: {
    name: 'margin ramp',
    label: 'Margin ramp (steps)',
    short: 'margin ramp',
    help: 'CosFace\'s and ArcFace\'s margin rises linearly from 0 over this many steps, so that a 2-D or 3-D feature can start to train (0: off)',
    url: 'marginRamp',
    cli: 'margin-ramp',
    min: 0,
    max: 100_000,
    integer: true,
    absent: MARGIN_RAMP_STEPS,
    control: { kind: 'number' },
  },
} as const satisfies Record<string, LossParamSpec>;

const fmt = (v: number) => String(+v.toPrecision(3));

export const SOFTMAX: LossHead = {
  kind: 'softmax',
  label: 'Softmax',
  params: [],
  defaults: {},
  parts: ['ce'],
  usesCenters: false,
  angular: false,
  trainsIn2D: true,
  marginAt: () => null,
  describe: () => 'Softmax only',
  lookFor: (many) => `Softmax separates ${many} by angle: its clusters stretch outward like spokes, with no pull toward a center.`,
};

export const CENTER: LossHead = {
  kind: 'center',
  label: 'Center loss',
  params: CENTER_KEYS,
  defaults: {},
  parts: ['ce', 'centerLoss'],
  usesCenters: true,
  angular: false,
  trainsIn2D: true,
  marginAt: () => null,
  // At λ = 0 the centers only follow the features: the run trains softmax alone.
  describe: (h) => (h.lambda === 0 ? 'Softmax only (λ = 0)' : `Softmax + center loss (λ = ${fmt(h.lambda)})`),
  lookFor: (_, one) => `Center loss pulls each ${one} toward its own center, and over the steps its cluster rounds into a tight blob.`,
};

const SPHERE_PARAMS = {
  sphereM: {
    name: 'SphereFace m',
    label: 'SphereFace m',
    short: 'm',
    help: 'SphereFace\'s integer angular margin: the target logit is ψ(θ) = (−1)^k cos(mθ) − 2k, mixed with cos θ by the annealed λ_s',
    url: 'sphereM',
    cli: 'sphere-m',
    min: 1,
    max: 4,
    integer: true,
    absent: 4,
    control: { kind: 'select', options: [1, 2, 3, 4] },
  },
  sphereLambdaMin: {
    name: 'SphereFace λ_min',
    label: 'SphereFace λ_min',
    short: 'λ_min',
    help: 'the floor of SphereFace\'s softmax mixing λ_s = max(λ_min, 1000/(1 + 0.12·step)): the smaller, the more of the margin applies',
    url: 'sphereLambdaMin',
    cli: 'sphere-lambda-min',
    min: 0,
    max: 1000,
    integer: false,
    absent: 5,
    control: { kind: 'slider', scale: 'log0', min: 0.1 },
  },
} as const satisfies Record<string, LossParamSpec>;
const SPHERE_DEFAULTS = absentOf(SPHERE_PARAMS);
export const SPHEREFACE: LossHead = {
  kind: 'sphereface',
  label: 'SphereFace',
  params: ['sphereM', 'sphereLambdaMin'],
  defaults: SPHERE_DEFAULTS,
  parts: ['ce'],
  usesCenters: false,
  angular: true,
  trainsIn2D: true,
  marginAt: (h, step) => {
    const lam = sphereLambdaAt(paramOf(h, 'sphereLambdaMin', SPHERE_DEFAULTS.sphereLambdaMin), step);
    return marginAngle(sphereP(paramOf(h, 'sphereM', SPHERE_DEFAULTS.sphereM), Math.PI / 2) / (1 + lam));
  },
  describe: (h) => `SphereFace m = ${paramOf(h, 'sphereM', SPHERE_DEFAULTS.sphereM)}`,
  lookFor: (_, one) => `SphereFace asks each ${one} to win by m times its angle: its features close into a thin cone around its class's ray, their length left free.`,
};

const COS_PARAMS = {
  cosS: {
    name: 'CosFace s',
    label: 'CosFace s, scale',
    short: 's',
    help: 'CosFace\'s scale: logits are s·cos θ, with s·(cos θ − m) for the target class',
    url: 'cosS',
    cli: 'cos-s',
    min: 1,
    max: 64,
    integer: false,
    absent: 10,
    control: { kind: 'slider', scale: 'linear', step: 1 },
  },
  cosM: {
    name: 'CosFace m',
    label: 'CosFace m, cosine margin',
    short: 'm',
    help: 'CosFace\'s margin, subtracted from the target class\'s cosine',
    url: 'cosM',
    cli: 'cos-m',
    min: 0,
    max: 1,
    integer: false,
    absent: 0.2,
    control: { kind: 'slider', scale: 'linear', step: 0.01 },
  },
} as const satisfies Record<string, LossParamSpec>;
const COS_DEFAULTS = absentOf({ ...COS_PARAMS, ...MARGIN_RAMP });
export const COSFACE: LossHead = {
  kind: 'cosface',
  label: 'CosFace',
  params: ['cosS', 'cosM', 'marginRampSteps'],
  defaults: COS_DEFAULTS,
  parts: ['ce'],
  usesCenters: false,
  angular: true,
  trainsIn2D: true,
  marginAt: (h, step) => marginAngle(-rampedMargin(paramOf(h, 'cosM', COS_DEFAULTS.cosM), h.marginRampSteps, step)),
  describe: (h) => `CosFace s = ${fmt(paramOf(h, 'cosS', COS_DEFAULTS.cosS))}, m = ${fmt(paramOf(h, 'cosM', COS_DEFAULTS.cosM))}`,
  lookFor: (_, one) => `CosFace asks each ${one} to win by a margin in cosine: on the unit circle (a sphere in 3-D) its features gather around its class's ray, clear of the neighbours.`,
};

const ARC_PARAMS = {
  arcS: {
    name: 'ArcFace s',
    label: 'ArcFace s, scale',
    short: 's',
    help: 'ArcFace\'s scale: logits are s·cos θ, with s·cos(θ + m) for the target class',
    url: 'arcS',
    cli: 'arc-s',
    min: 1,
    max: 64,
    integer: false,
    absent: 10,
    control: { kind: 'slider', scale: 'linear', step: 1 },
  },
  arcM: {
    name: 'ArcFace m',
    label: 'ArcFace m, angular margin (radians)',
    short: 'm',
    help: 'ArcFace\'s margin in radians, added to the angle between a feature and its class\'s weight; past θ = π − m the target is cos θ − m·sin m',
    url: 'arcM',
    cli: 'arc-m',
    min: 0,
    max: 1.5,
    integer: false,
    absent: 0.5,
    control: { kind: 'slider', scale: 'linear', step: 0.01 },
  },
} as const satisfies Record<string, LossParamSpec>;
const ARC_DEFAULTS = absentOf({ ...ARC_PARAMS, ...MARGIN_RAMP });
export const ARCFACE: LossHead = {
  kind: 'arcface',
  label: 'ArcFace',
  params: ['arcS', 'arcM', 'marginRampSteps'],
  defaults: ARC_DEFAULTS,
  parts: ['ce'],
  usesCenters: false,
  angular: true,
  trainsIn2D: true,
  marginAt: (h, step) => marginAngle(arcTarget(0, rampedMargin(paramOf(h, 'arcM', ARC_DEFAULTS.arcM), h.marginRampSteps, step))),
  describe: (h) => `ArcFace s = ${fmt(paramOf(h, 'arcS', ARC_DEFAULTS.arcS))}, m = ${fmt(paramOf(h, 'arcM', ARC_DEFAULTS.arcM))}`,
  lookFor: (_, one) => `ArcFace asks each ${one} to win by a margin of angle: on the unit circle (a sphere in 3-D) its features gather inside the wedge around its class's ray.`,
};

const NORM_PARAMS = {
  normS: {
    name: 'NormFace s',
    label: 'NormFace s, scale',
    short: 's',
    help: 'NormFace\'s scale: every logit is s·cos θ, with no margin; too small a scale cannot push a class\'s probability near 1',
    url: 'normS',
    cli: 'norm-s',
    min: 1,
    max: 64,
    integer: false,
    absent: 10,
    control: { kind: 'slider', scale: 'linear', step: 1 },
  },
} as const satisfies Record<string, LossParamSpec>;
const NORM_DEFAULTS = absentOf(NORM_PARAMS);
export const NORMFACE: LossHead = {
  kind: 'normface',
  label: 'NormFace',
  params: ['normS'],
  defaults: NORM_DEFAULTS,
  parts: ['ce'],
  usesCenters: false,
  angular: true,
  trainsIn2D: true,
  marginAt: () => null,
  describe: (h) => `NormFace s = ${fmt(paramOf(h, 'normS', NORM_DEFAULTS.normS))}`,
  lookFor: (_, one) => `NormFace is softmax on the unit circle (a sphere in 3-D), with no margin: each ${one}'s features turn toward its class's ray, but nothing holds them off the border with the next.`,
};

export const LOSSES: Readonly<Record<LossKind, LossHead>> = { softmax: SOFTMAX, center: CENTER, normface: NORMFACE, sphereface: SPHEREFACE, cosface: COSFACE, arcface: ARCFACE };

/** Every head's own parameters (optional hyper-parameters, each with its spec), in the order the settings table lists them. */
export const LOSS_PARAMS = { ...SPHERE_PARAMS, ...COS_PARAMS, ...ARC_PARAMS, ...MARGIN_RAMP, ...NORM_PARAMS } as const;
export type OwnLossParamKey = keyof typeof LOSS_PARAMS;
export const OWN_LOSS_PARAM_KEYS = Object.keys(LOSS_PARAMS) as OwnLossParamKey[];

/** The Hyper keys a loss head may read: center loss's, then the other heads'. */
export type LossParamKey = (typeof CENTER_KEYS)[number] | OwnLossParamKey;

export const lossOf = (h: Pick<Hyper, 'loss'>): LossHead => LOSSES[h.loss];

/** The λ a step trains with, 0 for a head without centers: what the charts and the reports call λ. */
export const lossLambdaAt = (h: Hyper, step: number): number => (LOSSES[h.loss].usesCenters ? lambdaAt(h, step) : 0);
