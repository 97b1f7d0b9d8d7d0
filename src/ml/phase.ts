/**
 * Which early phase a run is in, from its eval metrics: a pure rule behind the live caption under each
 * compare panel. Thresholds measured with scripts/dev/phase-switch.ts (bench/README.md, "Early-phase caption").
 */
import type { EvalMetrics } from './metrics';

export type TrainingPhase =
  /** Untrained: step 0, or softmax alone still at chance (its features have not begun to spread). */
  | 'start'
  /** λ > 0: center loss pulls every feature inward; some two centers sit closer than features sit to their own center (intra / min-inter ≥ 1). */
  | 'inward'
  /** 0 < λ < weakLambda: centers stacked too, but measured to last no longer than with softmax alone: not center loss's doing. */
  | 'stacked'
  /** λ > 0: the centers have moved apart (intra / min-inter below 1): the classes separate and accuracy catches up. */
  | 'separating'
  /** λ > 0: tight clusters: the mean distance to the own center is under half the closest center gap. */
  | 'compact'
  /** λ = 0: softmax alone separates the classes by angle; they spread outward as spokes and intra distance grows with the spread. */
  | 'radial'
  /** λ > 0 but the classes are stretched outward as spokes (elongation high): λ too small to hold them, e.g. just lowered. */
  | 'spokes';

export const PHASE_THRESHOLDS = {
  /** 'inward' ends when intra / min-inter falls below this... */
  inwardExit: 1,
  /** ...and comes back only from this up (single evals swing by ±0.3 around 1 as the centers part). */
  inwardReenter: 1.5,
  /** 'compact' starts below this intra / min-inter... */
  compactEnter: 0.5,
  /** ...and ends only from this up. */
  compactExit: 0.7,
  /** Softmax-only test accuracy (twice chance) from which its spread is visible. */
  radialAccuracy: 0.2,
  /** Below this λ the early stacking lasts about as long as at λ = 0 (seed 1: 80 steps at λ = 0.01, 130 at 0.1). */
  weakLambda: 0.1,
  /**
   * 'spokes' from this elongation up (a cluster's length over its width). Measured with scripts/dev/lambda-change.ts
   * (seed 1, slim): λ = 1 blobs 1.5–1.8, λ lowered 1 → 0.0093 at step 432 1.9–2.1 by step 700, λ = 0 spokes 2.8–3.7 from step 275...
   */
  spokesEnter: 2.6,
  /** ...and only below this back to a cluster phase (λ raised 0 → 1 at step 432: 2.63 eighteen steps later, 2.06 at 475). */
  spokesExit: 2.2,
} as const;

/** The phase now; `previous` (the phase at the last eval) adds hysteresis so the caption does not flicker. */
export function trainingPhase(m: EvalMetrics, lambda: number, step: number, previous?: TrainingPhase): TrainingPhase {
  const t = PHASE_THRESHOLDS;
  // Step 0 of a trained start (the quick lesson) is a network softmax already spread into spokes.
  if (step === 0) return m.testAccuracy >= t.radialAccuracy ? 'radial' : 'start';
  if (lambda === 0) return previous === 'radial' || m.testAccuracy >= t.radialAccuracy ? 'radial' : 'start';
  const r = m.intraOverInterMin;
  // No earlier λ > 0 phase (a fresh run, a loaded file, λ just raised from 0): the plain boundary.
  const fresh = previous !== 'separating' && previous !== 'compact' && previous !== 'spokes';
  if (r >= (fresh ? t.inwardExit : t.inwardReenter)) return lambda < t.weakLambda ? 'stacked' : 'inward';
  // Separated, but drawn as spokes (λ lowered, or too small to pull them in): say so, whatever the ratio.
  const stretched = previous === 'spokes' || previous === 'radial' ? m.elongation >= t.spokesExit : m.elongation >= t.spokesEnter;
  if (stretched) return 'spokes';
  return r < (previous === 'compact' ? t.compactExit : t.compactEnter) ? 'compact' : 'separating';
}
