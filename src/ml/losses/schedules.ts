/** The numbers behind the heads' schedules and margins, without tensors: the page (wedges, titles) and the tensor code read the same ones. */
import type { Hyper } from '../config';

/** The λ a step trains with: λ, ramped up over lambdaWarmupSteps when set. */
export function lambdaAt(h: Pick<Hyper, 'lambda' | 'lambdaWarmupSteps'>, step: number): number {
  const w = h.lambdaWarmupSteps ?? 0;
  return w > 0 && step < w ? (h.lambda * (step + 1)) / w : h.lambda;
}

/** SphereFace's softmax-mixing annealing λ_s = max(λ_min, base·(1 + γ·step)^(−power)), with the SphereFace code's base, γ and power. */
export const SPHERE_BASE = 1000;
export const SPHERE_GAMMA = 0.12;
export const SPHERE_POWER = 1;

export function sphereLambdaAt(lambdaMin: number, step: number): number {
  return Math.max(lambdaMin, SPHERE_BASE * Math.pow(1 + SPHERE_GAMMA * step, -SPHERE_POWER));
}

/** Steps of the margin's ramp where a run sets none: without one, ArcFace in 3-D collapsed on seed 2 (bench/README.md, Loss family). */
export const MARGIN_RAMP_STEPS = 200;

/** A margin ramped in as λ's warm-up is: m·(step + 1)/R before step R, m from step R − 1 on; R absent: MARGIN_RAMP_STEPS; 0: no ramp. */
export function rampedMargin(m: number, rampSteps: number | undefined, step: number): number {
  const r = rampSteps ?? MARGIN_RAMP_STEPS;
  return r > 0 && step < r ? (m * (step + 1)) / r : m;
}

/** cos(mθ) as the Chebyshev polynomial T_m(cos θ), m = 1..4. */
export function chebyshev(m: number, c: number): number {
  if (m === 1) return c;
  if (m === 2) return 2 * c * c - 1;
  if (m === 3) return 4 * c * c * c - 3 * c;
  if (m === 4) return 8 * c ** 4 - 8 * c * c + 1;
  throw new Error(`SphereFace's m must be 1, 2, 3 or 4, got ${m}`);
}

/** SphereFace's ψ(θ) = (−1)^k cos(mθ) − 2k, k = ⌊mθ/π⌋: monotone decreasing on [0, π]. */
export function sphereP(m: number, theta: number): number {
  const k = Math.floor((m * theta) / Math.PI);
  return (k % 2 === 0 ? 1 : -1) * chebyshev(m, Math.cos(theta)) - 2 * k;
}

/** ArcFace's target cosine cos(θ + m), with the fallback cos θ − m·sin m past θ = π − m (where cos(θ + m) would rise again). */
export function arcTarget(cosTheta: number, m: number): number {
  if (cosTheta <= Math.cos(Math.PI - m)) return cosTheta - Math.sin(Math.PI - m) * m;
  const sin = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
  return cosTheta * Math.cos(m) - sin * Math.sin(m);
}

/**
 * A head's margin as an angle, measured where a feature is at a right angle to its class's weight: δ with cos(π/2 + δ) equal to the
 * head's target cosine there (per unit scale). ArcFace gives m, CosFace asin m, SphereFace its annealed ψ; clamped to [0, π/2].
 */
export function marginAngle(targetAtRightAngle: number): number {
  const t = Math.min(1, Math.max(-1, targetAtRightAngle));
  return Math.min(Math.PI / 2, Math.max(0, Math.acos(t) - Math.PI / 2));
}

/** The value of an optional head parameter: the setting's, else the head's default. */
export const paramOf = <K extends keyof Hyper>(h: Hyper, key: K, fallback: NonNullable<Hyper[K]>): NonNullable<Hyper[K]> => (h[key] ?? fallback) as NonNullable<Hyper[K]>;
