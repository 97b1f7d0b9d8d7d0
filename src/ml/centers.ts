/** The two center-update rules. Neither uses autodiff: both are closed forms of the batch statistics. */
import * as tf from '@tensorflow/tfjs';
import type { CenterRule } from './config';

interface BatchStats {
  /** n_j: samples of class j in the batch, [C, 1]. */
  counts: tf.Tensor2D;
  /** Σ_{i: y_i = j} x_i, [C, d]. */
  sums: tf.Tensor2D;
}

function batchStats(features: tf.Tensor2D, oneHot: tf.Tensor2D): BatchStats {
  return {
    counts: tf.reshape(tf.sum(oneHot, 0), [-1, 1]) as tf.Tensor2D,
    sums: tf.matMul(oneHot, features, true, false),
  };
}

/** ∂L_C/∂c_j = −(2/m) Σ_{i: y_i=j} (x_i − c_j), with L_C in the reference convention. */
export function centerGradient(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor2D {
  const { counts, sums } = batchStats(features, oneHot);
  const m = features.shape[0];
  return tf.mul(-2 / m, tf.sub(sums, tf.mul(counts, centers)));
}

/** Eq. 4: Δc_j = Σ_{i: y_i=j} (c_j − x_i) / (1 + n_j). */
export function paperDelta(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor2D {
  const { counts, sums } = batchStats(features, oneHot);
  return tf.div(tf.sub(tf.mul(counts, centers), sums), tf.add(counts, 1));
}

/**
 * The centers after one step. reference: c − α·∂L_C/∂c (plain SGD, so λ does not change the speed);
 * paper: c − α·Δc (Eq. 4; absent classes do not move).
 */
export function updatedCenters(rule: CenterRule, features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D, alpha: number): tf.Tensor2D {
  const step = rule === 'reference' ? centerGradient(features, centers, oneHot) : paperDelta(features, centers, oneHot);
  return tf.sub(centers, tf.mul(alpha, step));
}
