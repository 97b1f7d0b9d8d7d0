/**
 * SphereFace (Liu et al. 2017), A-Softmax: the target cosine becomes ψ(θ) = (−1)^k cos(mθ) − 2k, k = ⌊mθ/π⌋, mixed with cos θ by the
 * annealed λ_s as (λ_s·cos θ + ψ(θ))/(1 + λ_s); the scale is the feature's norm ‖x‖ (W normalised, no bias).
 */
import * as tf from '@tensorflow/tfjs';
import { SPHEREFACE } from './registry';
import { largeMarginHead, rowNorms } from './margin';
import { paramOf, sphereLambdaAt } from './schedules';

const d = SPHEREFACE.defaults as { sphereM: number; sphereLambdaMin: number };

/** cos(mθ) as T_m(cos θ), the Chebyshev polynomial, m = 1..4: no acos on the gradient's path. */
function cosMTheta(c: tf.Tensor1D, m: number): tf.Tensor1D {
  const c2 = tf.square(c);
  if (m === 1) return c;
  if (m === 2) return tf.sub(tf.mul(2, c2), 1);
  if (m === 3) return tf.mul(c, tf.sub(tf.mul(4, c2), 3));
  if (m === 4) return tf.add(tf.mul(8, tf.sub(tf.square(c2), c2)), 1);
  throw new Error(`SphereFace's m must be 1, 2, 3 or 4, got ${m}`);
}

/** k = ⌊mθ/π⌋ counted as the thresholds cos θ ≤ cos(jπ/m), j = 1..m, that cos θ has passed: piecewise constant, no gradient (greaterEqual has a zero one; lessEqual none). */
function sectors(c: tf.Tensor1D, m: number): tf.Tensor1D {
  let k: tf.Tensor1D = tf.zerosLike(c);
  for (let j = 1; j <= m; j++) k = tf.add(k, tf.cast(tf.greaterEqual(Math.cos((j * Math.PI) / m), c), 'float32'));
  return k;
}

export const spherefaceLoss = largeMarginHead({
  kind: 'sphereface',
  scale: (_h, features) => rowNorms(features),
  target: (ct, h, step) => {
    const m = paramOf(h, 'sphereM', d.sphereM);
    const k = sectors(ct, m);
    const parity = tf.sub(k, tf.mul(2, tf.floor(tf.div(k, 2))));
    const psi = tf.sub(tf.mul(tf.sub(1, tf.mul(2, parity)), cosMTheta(ct, m)), tf.mul(2, k));
    const lam = sphereLambdaAt(paramOf(h, 'sphereLambdaMin', d.sphereLambdaMin), step);
    return tf.div(tf.add(tf.mul(lam, ct), psi), 1 + lam) as tf.Tensor1D;
  },
});
