/** The loss registry: one row per loss head (what it reads, reports, keeps and draws). No tensors: the page reads it too; the math is in heads.ts. */
import { lambdaAt, type Hyper } from '../config';
import { LOSS_KINDS, type LossKind, type LossParamKey } from './kinds';
import { arcTarget, MARGIN_RAMP_STEPS, marginAngle, paramOf, rampedMargin, sphereLambdaAt, sphereP } from './schedules';
import type { LossHead } from './types';

export { LOSS_KINDS, type LossKind, type LossParamKey };
export type { LossHead };

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
};

export const CENTER: LossHead = {
  kind: 'center',
  label: 'Center loss',
  params: ['lambda', 'alpha', 'rule', 'lambdaWarmupSteps'],
  defaults: {},
  parts: ['ce', 'centerLoss'],
  usesCenters: true,
  angular: false,
  trainsIn2D: true,
  marginAt: () => null,
  // At λ = 0 the centers only follow the features: the run trains softmax alone.
  describe: (h) => (h.lambda === 0 ? 'Softmax only (λ = 0)' : `Softmax + center loss (λ = ${fmt(h.lambda)})`),
};

const SPHERE_DEFAULTS = { sphereM: 4, sphereLambdaMin: 5 } as const;
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
};

const COS_DEFAULTS = { cosS: 10, cosM: 0.2, marginRampSteps: MARGIN_RAMP_STEPS } as const;
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
};

const ARC_DEFAULTS = { arcS: 10, arcM: 0.5, marginRampSteps: MARGIN_RAMP_STEPS } as const;
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
};

export const LOSSES: Readonly<Record<LossKind, LossHead>> = { softmax: SOFTMAX, center: CENTER, sphereface: SPHEREFACE, cosface: COSFACE, arcface: ARCFACE };

export const lossOf = (h: Pick<Hyper, 'loss'>): LossHead => LOSSES[h.loss];

/** The λ a step trains with, 0 for a head without centers: what the charts and the reports call λ. */
export const lossLambdaAt = (h: Hyper, step: number): number => (LOSSES[h.loss].usesCenters ? lambdaAt(h, step) : 0);
