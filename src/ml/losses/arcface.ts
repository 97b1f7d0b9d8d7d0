/**
 * ArcFace (Deng et al. 2019), additive angular margin: the target cosine is cos(θ + m), computed as cos θ·cos m − sin θ·sin m;
 * past θ = π − m, where cos(θ + m) would rise again, it is cos θ − m·sin m (insightface's fallback). The logits are scaled by s.
 */
import * as tf from '@tensorflow/tfjs';
import { ARCFACE } from './registry';
import { largeMarginHead } from './margin';
import { paramOf, rampedMargin } from './schedules';

const d = ARCFACE.defaults as { arcS: number; arcM: number };

/** sin θ = √(1 − cos²θ) floored here: its gradient is infinite at θ = 0 and π, where float32 puts cos θ = ±1 exactly. */
const SIN2_FLOOR = 1e-7;

export const arcfaceLoss = largeMarginHead({
  kind: 'arcface',
  scale: (h) => paramOf(h, 'arcS', d.arcS),
  target: (ct, h, step) => {
    const m = rampedMargin(paramOf(h, 'arcM', d.arcM), h.marginRampSteps, step);
    const sin = tf.sqrt(tf.clipByValue(tf.sub(1, tf.square(ct)), SIN2_FLOOR, 1));
    const phi = tf.sub(tf.mul(ct, Math.cos(m)), tf.mul(sin, Math.sin(m)));
    // greaterEqual, not lessEqual: tfjs registers a (zero) gradient for the one and none for the other.
    const past = tf.greaterEqual(Math.cos(Math.PI - m), ct);
    return tf.where(past, tf.sub(ct, Math.sin(Math.PI - m) * m), phi) as tf.Tensor1D;
  },
});
