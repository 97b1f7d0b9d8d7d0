/** Center loss (Wen et al. 2016): L = L_S + λ·L_C with L_C = (1/m) Σ‖x_i − c_{y_i}‖², λ warmed up over lambdaWarmupSteps; the centers follow their rule. */
import * as tf from '@tensorflow/tfjs';
import { lambdaAt } from '../config';
import { updatedCenters } from '../centers';
import { centerLoss } from './centerTerms';
import { crossEntropy } from './crossEntropy';
import { fc2Logits } from './softmax';
import type { LossInput, LossMath } from './types';

/** ce + λ·L_C: the one place it is written. At λ = 0 the total does not depend on the centers. */
export function centerTotal(ce: tf.Scalar, lc: tf.Scalar, lambda: number): tf.Scalar {
  return (lambda > 0 ? tf.add(ce, tf.mul(lambda, lc)) : tf.add(ce, 0)) as tf.Scalar;
}

export const centerLossHead: LossMath = {
  kind: 'center',
  logits: fc2Logits,
  loss: ({ features, weight, bias, oneHot, centers, hyper, step }: LossInput) => {
    if (!centers) throw new Error('center loss needs the class centers');
    const logits = fc2Logits(features, weight, bias);
    const ce = crossEntropy(logits, oneHot);
    const lc = centerLoss(features, centers, oneHot);
    return { total: centerTotal(ce, lc, lambdaAt(hyper, step)), parts: { ce, centerLoss: lc }, logits };
  },
  updateCenters: (features, centers, oneHot, hyper) => updatedCenters(hyper.rule, features, centers, oneHot, hyper.alpha),
};
