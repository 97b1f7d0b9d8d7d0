/** Mean softmax cross-entropy over the batch, as F.cross_entropy: every head's first part. */
import * as tf from '@tensorflow/tfjs';

export function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), 1))) as tf.Scalar;
}
