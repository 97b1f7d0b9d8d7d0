/** SGD with momentum, Adam and AdamW in PyTorch semantics, with global gradient-norm clipping. */
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

export interface AdamSettings {
  lr: number;
  weightDecay: number;
  /** AdamW: w ← w·(1 − lr·wd) before the step; Adam: g ← g + wd·w. */
  decoupled: boolean;
  /** The update's number, from 1: the bias corrections use it. */
  t: number;
  betas: readonly [number, number];
  eps: number;
}

/**
 * One parameter's Adam or AdamW update as torch.optim computes it: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * w ← w − (lr / (1−β₁ᵗ))·m / (√v / √(1−β₂ᵗ) + ε). Assigns in place; call inside tf.tidy.
 */
export function adamUpdate(w: tf.Variable, m: tf.Variable, v: tf.Variable, grad: tf.Tensor, s: AdamSettings): void {
  const [b1, b2] = s.betas;
  const decayed = s.decoupled && s.weightDecay > 0 ? tf.mul(w, 1 - s.lr * s.weightDecay) : w;
  const g = !s.decoupled && s.weightDecay > 0 ? tf.add(grad, tf.mul(s.weightDecay, w)) : grad;
  const mNew = tf.add(tf.mul(b1, m), tf.mul(1 - b1, g));
  const vNew = tf.add(tf.mul(b2, v), tf.mul(1 - b2, tf.square(g)));
  m.assign(mNew);
  v.assign(vNew);
  const stepSize = s.lr / (1 - Math.pow(b1, s.t));
  const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(1 - Math.pow(b2, s.t))), s.eps);
  w.assign(tf.sub(decayed, tf.mul(stepSize, tf.div(mNew, denom))));
}
