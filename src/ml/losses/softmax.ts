/** Softmax: the cross-entropy of fc2's logits, nothing else. */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from './crossEntropy';
import type { LossMath } from './types';

export const fc2Logits = (features: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D => {
  const z: tf.Tensor2D = tf.matMul(features, weight);
  return bias ? (tf.add(z, bias) as tf.Tensor2D) : z;
};

export const softmaxLoss: LossMath = {
  kind: 'softmax',
  logits: fc2Logits,
  loss: ({ features, weight, bias, oneHot }) => {
    const logits = fc2Logits(features, weight, bias);
    const ce = crossEntropy(logits, oneHot);
    return { total: ce, parts: { ce }, logits };
  },
};
