/** Center loss's term L_C, as tensors (differentiable). */
import * as tf from '@tensorflow/tfjs';

/** ‖x_i − c_{y_i}‖² per sample, from the difference (the expanded form loses precision in float32). */
export function sqDistToOwnCenter(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor1D {
  // oneHot · centers instead of gather: gather's gradient needs UnsortedSegmentSum, which wasm lacks.
  const own = tf.matMul(oneHot, centers);
  return tf.sum(tf.square(tf.sub(features, own)), 1);
}

/** Reference convention: L_C = (1/m) Σ ‖x_i − c_{y_i}‖². The paper's ½-sum is sum/2 of the same distances. */
export function centerLoss(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.mean(sqDistToOwnCenter(features, centers, oneHot)) as tf.Scalar;
}

export function paperCenterLoss(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.mul(0.5, tf.sum(sqDistToOwnCenter(features, centers, oneHot))) as tf.Scalar;
}
