/**
 * Which phase a run is in, from its eval metrics: a pure rule behind the live caption under each panel. A caption
 * claims a shape only while the figures show it (shape.ts): 'compact' (tight clusters) only at elongation ≤ 2.0 and
 * within/between ≤ 0.6× the softmax-only twin's (≤ 0.07 alone); spokes only at elongation ≥ 2.6. Hysteresis sits
 * inside those bounds (a claim starts with a margin and ends at its bound), so a caption neither flickers nor lies.
 */
import type { SnapshotFigures } from './metrics';

export type TrainingPhase =
  /** Untrained: step 0, or softmax alone still at chance (its features have not begun to spread). */
  | 'start'
  /** λ > 0: center loss pulls every feature inward; some two centers sit closer than features sit to their own center (intra / min-inter ≥ 1). */
  | 'inward'
  /** 0 < λ < weakLambda: centers stacked too, but measured to last no longer than with softmax alone: not center loss's doing. */
  | 'stacked'
  /** λ > 0: the centers have moved apart, the classes separate; neither spokes nor yet tight clusters. */
  | 'separating'
  /** λ > 0, after spokes or tight clusters: between the two, center loss rounding the clusters. */
  | 'rounding'
  /** λ > 0: tight clusters by shape: round (low elongation) and compact against the softmax-only twin (low within/between). */
  | 'compact'
  /** λ = 0 (or a softmax-trained start): the classes separate by angle and are drawn as spokes (elongation high). */
  | 'radial'
  /** λ = 0: the classes separate by angle but are not (or no longer) long spokes. */
  | 'angular'
  /** λ > 0 but the classes are stretched outward as spokes: center loss has not (yet) rounded them, or λ is too small to. */
  | 'spokes';

export const PHASE_THRESHOLDS = {
  /** 'inward' ends when intra / min-inter falls below this... */
  inwardExit: 1,
  /** ...and comes back only from this up (single evals swing by ±0.3 around 1 as the centers part). */
  inwardReenter: 1.5,
  /** Softmax-only test accuracy (twice chance) from which its spread is visible. */
  radialAccuracy: 0.2,
  /** Below this λ the early stacking lasts about as long as at λ = 0 (seed 1: 80 steps at λ = 0.01, 130 at 0.1). */
  weakLambda: 0.1,
  /** Spokes from this elongation up (a softmax-trained start measures 3.2–3.7, its twin stays above 2.8 in the quick lesson)... */
  spokesEnter: 2.8,
  /** ...and spokes only while the elongation stays at or above this. */
  spokesStay: 2.6,
  /** Tight clusters from this elongation down (λ = 1 for one epoch: 1.5–1.8)... */
  compactEnter: 1.9,
  /** ...and tight clusters only while it stays at or below this. */
  compactStay: 2.0,
  /** Tight clusters from this within/between, as a fraction of the softmax-only twin's... */
  compactTwinEnter: 0.58,
  /** ...and only while it stays at or below this fraction. */
  compactTwinStay: 0.6,
  /** With no softmax-only twin: tight from this within/between (λ = 1 one epoch: 0.052; λ = 0: 0.133)... */
  compactAloneEnter: 0.068,
  /** ...and only while at or below this. */
  compactAloneStay: 0.07,
} as const;

/** The within/between a run must reach to be called tight clusters, entering or staying, against its twin's if it has one. */
export function compactLimit(twinWithinBetween: number | null | undefined, staying: boolean): number {
  const t = PHASE_THRESHOLDS;
  if (twinWithinBetween != null && Number.isFinite(twinWithinBetween) && twinWithinBetween > 0) return twinWithinBetween * (staying ? t.compactTwinStay : t.compactTwinEnter);
  return staying ? t.compactAloneStay : t.compactAloneEnter;
}

/** Whether these figures are tight clusters: the claim's bounds (2.0, 0.6×) when `staying` (already so), a margin inside them when entering. */
export function isCompact(m: Pick<SnapshotFigures, 'elongation' | 'withinOverBetween'>, twinWithinBetween: number | null | undefined, staying: boolean): boolean {
  const t = PHASE_THRESHOLDS;
  return m.elongation <= (staying ? t.compactStay : t.compactEnter) && m.withinOverBetween <= compactLimit(twinWithinBetween, staying);
}

/** Whether these figures are spokes: from spokesEnter up, and while at or above spokesStay once so. */
export function isSpokes(m: Pick<SnapshotFigures, 'elongation'>, staying: boolean): boolean {
  const t = PHASE_THRESHOLDS;
  return m.elongation >= (staying ? t.spokesStay : t.spokesEnter);
}

const SPOKE_PHASES: ReadonlySet<TrainingPhase | undefined> = new Set(['radial', 'spokes']);

/**
 * The phase now. `previous` (the phase at the last eval) adds hysteresis so the caption does not flicker;
 * `twinWithinBetween` is the softmax-only (λ = 0) twin's latest within/between, or null when the run has none.
 */
export function trainingPhase(m: SnapshotFigures, lambda: number, step: number, previous?: TrainingPhase, twinWithinBetween: number | null = null): TrainingPhase {
  const t = PHASE_THRESHOLDS;
  const wasSpokes = SPOKE_PHASES.has(previous);
  // Step 0 of a trained start (the quick lesson) is a network softmax already spread out.
  if (step === 0) return m.testAccuracy < t.radialAccuracy ? 'start' : isSpokes(m, wasSpokes) ? 'radial' : 'angular';
  if (lambda === 0) {
    if (previous !== 'radial' && previous !== 'angular' && m.testAccuracy < t.radialAccuracy) return 'start';
    return isSpokes(m, wasSpokes) ? 'radial' : 'angular';
  }
  const r = m.intraOverInterMin;
  // No earlier λ > 0 phase (a fresh run, a loaded file, λ just raised from 0): the plain boundary.
  const fresh = previous !== 'separating' && previous !== 'rounding' && previous !== 'compact' && previous !== 'spokes';
  if (r >= (fresh ? t.inwardExit : t.inwardReenter)) return lambda < t.weakLambda ? 'stacked' : 'inward';
  if (isSpokes(m, wasSpokes)) return 'spokes';
  if (isCompact(m, twinWithinBetween, previous === 'compact')) return 'compact';
  return wasSpokes || previous === 'rounding' || previous === 'compact' ? 'rounding' : 'separating';
}
