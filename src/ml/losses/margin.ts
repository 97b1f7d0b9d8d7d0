/**
 * The large-margin softmax the angular heads share: cosines between the normalised features and the normalised fc2 rows, a scale,
 * and one hook, the target class's modified cosine. SphereFace, CosFace and ArcFace differ only in that hook (and SphereFace's scale);
 * NormFace's hook leaves the cosine as it is.
 */
import * as tf from '@tensorflow/tfjs';
import type { Hyper } from '../config';
import { crossEntropy } from './crossEntropy';
import type { LossKind } from './registry';
import type { LossInput, LossMath, LossOutput } from './types';

/** PyTorch's F.normalize floor on a norm. */
const NORM_EPS = 1e-12;

/** Row norms of [B, d] features, [B, 1]. */
export const rowNorms = (x: tf.Tensor2D): tf.Tensor2D => tf.sqrt(tf.sum(tf.square(x), 1, true)) as tf.Tensor2D;

/** cos θ_ij between feature i and fc2's column j (tfjs layout [d, C]), both normalised as F.normalize does: [B, C]. */
export function cosines(features: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  const x = tf.div(features, tf.maximum(rowNorms(features), NORM_EPS));
  const wn = tf.sqrt(tf.sum(tf.square(weight), 0, true));
  const w = tf.div(weight, tf.maximum(wn, NORM_EPS));
  return tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
}

export interface MarginHook {
  kind: LossKind;
  /** The logits' scale: s for NormFace, CosFace and ArcFace, each feature's norm ‖x‖ ([B, 1]) for SphereFace. */
  scale(hyper: Hyper, features: tf.Tensor2D): number | tf.Tensor2D;
  /** The target class's modified cosine, from its plain cosine cos θ_{y_i} ([B]). */
  target(cosTarget: tf.Tensor1D, hyper: Hyper, step: number): tf.Tensor1D;
}

/**
 * The large-margin loss: logits scale·cos θ_j, with scale·target(cos θ) in the column `marginAt` marks (the label's one-hot: a test
 * marks another column to show that the golden vectors reject a margin on the wrong logit), then the cross-entropy against the labels.
 */
export function marginLoss(hook: MarginHook, { features, weight, oneHot, hyper, step }: LossInput, marginAt: tf.Tensor2D = oneHot): LossOutput {
  const c = cosines(features, weight);
  const ct = tf.sum(tf.mul(c, marginAt), 1) as tf.Tensor1D;
  const t = hook.target(ct, hyper, step);
  const modified = tf.add(tf.mul(c, tf.sub(1, marginAt)), tf.mul(tf.reshape(t, [-1, 1]), marginAt));
  const logits = tf.mul(modified, hook.scale(hyper, features)) as tf.Tensor2D;
  const ce = crossEntropy(logits, oneHot);
  return { total: ce, parts: { ce }, logits };
}

/** An angular head from its hook; the reported logits carry no margin. */
export function largeMarginHead(hook: MarginHook): LossMath & { hook: MarginHook } {
  return {
    kind: hook.kind,
    hook,
    logits: (features, weight, _bias, hyper) => tf.mul(cosines(features, weight), hook.scale(hyper, features)) as tf.Tensor2D,
    loss: (input) => marginLoss(hook, input),
  };
}
