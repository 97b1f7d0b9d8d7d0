/** Each loss kind's computation (tensors): the trainer, the gradient check and the golden tests ask here; the page reads registry.ts. */
import { arcfaceLoss } from './arcface';
import { centerLossHead } from './center';
import { cosfaceLoss } from './cosface';
import type { LossKind } from './registry';
import { normfaceLoss } from './normface';
import { softmaxLoss } from './softmax';
import { spherefaceLoss } from './sphereface';
import type { LossMath } from './types';

export const LOSS_MATH: Readonly<Record<LossKind, LossMath>> = {
  softmax: softmaxLoss,
  center: centerLossHead,
  normface: normfaceLoss,
  sphereface: spherefaceLoss,
  cosface: cosfaceLoss,
  arcface: arcfaceLoss,
};

export const lossMathOf = (kind: LossKind): LossMath => LOSS_MATH[kind];
