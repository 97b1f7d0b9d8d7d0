/** SGD with momentum and weight decay in PyTorch semantics, with global gradient-norm clipping. */
import * as tf from '@tensorflow/tfjs';

/** √(Σ‖g‖²) over all gradients, as clip_grad_norm_ computes it. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
}

/** clip_grad_norm_'s factor: min(1, maxNorm / (norm + 1e-6)). */
export function clipFactor(norm: tf.Scalar, maxNorm: number): tf.Scalar {
  return tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6))) as tf.Scalar;
}

export interface SgdSettings {
  lr: number;
  momentum: number;
  weightDecay: number;
}

/**
 * One parameter's update: g ← g + wd·w; v ← μ·v + g; w ← w − lr·v.
 * Assigns in place; call inside tf.tidy.
 */
export function sgdUpdate(w: tf.Variable, v: tf.Variable, grad: tf.Tensor, s: SgdSettings): void {
  const g = s.weightDecay > 0 ? tf.add(grad, tf.mul(s.weightDecay, w)) : grad;
  const vNew = s.momentum > 0 ? tf.add(tf.mul(s.momentum, v), g) : g;
  if (s.momentum > 0) v.assign(vNew);
  w.assign(tf.sub(w, tf.mul(s.lr, vNew)));
}
