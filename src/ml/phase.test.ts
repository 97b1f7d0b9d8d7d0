/** The early-phase rule on hand-made metrics: each code, each boundary, and the hysteresis that keeps it from flickering. */
import { describe, expect, it } from 'vitest';
import type { EvalMetrics } from './metrics';
import { PHASE_THRESHOLDS as T, trainingPhase, type TrainingPhase } from './phase';

/** Metrics with a given intra / min-inter ratio and test accuracy; the rest is plausible filler. */
const metrics = (intraOverInterMin: number, testAccuracy = 0.5, elongation = 1.6): EvalMetrics => ({
  count: 1000,
  heldOut: null,
  knownCount: 1000,
  testAccuracy,
  nearestCenterAccuracy: testAccuracy,
  intraDistance: 0.3,
  interMin: 0.3 / intraOverInterMin,
  interMean: 1.5,
  intraOverInterMin,
  silhouette: 0.3,
  withinOverBetween: 0.1,
  elongation,
});

/** The phases along a run, each eval fed the phase before it. */
const along = (ratios: number[], lambda = 1): TrainingPhase[] => {
  const out: TrainingPhase[] = [];
  ratios.forEach((r, k) => out.push(trainingPhase(metrics(r), lambda, 10 * (k + 1), out.at(-1))));
  return out;
};

describe('trainingPhase', () => {
  it('is start at step 0 of an untrained network whatever λ, and radial at step 0 of a softmax-trained start (the quick lesson)', () => {
    expect(trainingPhase(metrics(3, 0.1), 1, 0)).toBe('start');
    expect(trainingPhase(metrics(0.2, 0.1), 0, 0, 'radial')).toBe('start');
    expect(trainingPhase(metrics(0.2, 0.1), 1, 0, 'compact')).toBe('start');
    expect(trainingPhase(metrics(0.6, 0.96), 0, 0)).toBe('radial');
    expect(trainingPhase(metrics(5.7, 0.96), 0.05, 0)).toBe('radial');
  });

  it('λ = 0: start at chance accuracy, radial from twice chance, and radial stays', () => {
    expect(trainingPhase(metrics(5, 0.15), 0, 10)).toBe('start');
    expect(trainingPhase(metrics(5, T.radialAccuracy - 1e-9), 0, 10, 'start')).toBe('start');
    expect(trainingPhase(metrics(5, T.radialAccuracy), 0, 20, 'start')).toBe('radial');
    expect(trainingPhase(metrics(0.2, 0.1), 0, 30, 'radial')).toBe('radial');
    // λ lowered to 0 mid-run: softmax alone from then on.
    expect(trainingPhase(metrics(0.4, 0.95), 0, 400, 'compact')).toBe('radial');
  });

  it('λ > 0 without a previous phase: inward at intra / min-inter ≥ 1, compact below 0.5, separating between', () => {
    expect(trainingPhase(metrics(3), 1, 10)).toBe('inward');
    expect(trainingPhase(metrics(T.inwardExit), 1, 10)).toBe('inward');
    expect(trainingPhase(metrics(T.inwardExit - 1e-9), 1, 10)).toBe('separating');
    expect(trainingPhase(metrics(T.compactEnter), 1, 10)).toBe('separating');
    expect(trainingPhase(metrics(T.compactEnter - 1e-9), 1, 10)).toBe('compact');
    // Coincident centers (an infinite ratio) are as stacked as centers get.
    expect(trainingPhase(metrics(Infinity), 0.5, 10)).toBe('inward');
    // After start, or λ raised from 0, the plain boundaries apply.
    expect(trainingPhase(metrics(1.2), 1, 10, 'start')).toBe('inward');
    expect(trainingPhase(metrics(1.2), 1, 300, 'radial')).toBe('inward');
    expect(trainingPhase(metrics(0.8), 1, 300, 'radial')).toBe('separating');
  });

  it('hysteresis: back to inward only from 1.5, out of compact only from 0.7', () => {
    expect(trainingPhase(metrics(T.inwardReenter - 1e-9), 1, 250, 'separating')).toBe('separating');
    expect(trainingPhase(metrics(T.inwardReenter), 1, 250, 'separating')).toBe('inward');
    expect(trainingPhase(metrics(1.2), 1, 250, 'compact')).toBe('separating');
    expect(trainingPhase(metrics(2), 1, 250, 'compact')).toBe('inward');
    expect(trainingPhase(metrics(T.compactExit - 1e-9), 1, 400, 'compact')).toBe('compact');
    expect(trainingPhase(metrics(T.compactExit), 1, 400, 'compact')).toBe('separating');
    expect(trainingPhase(metrics(0.55), 1, 400, 'separating')).toBe('separating');
    expect(trainingPhase(metrics(0.55), 1, 400, 'inward')).toBe('separating');
    expect(trainingPhase(metrics(0.3), 1, 400, 'inward')).toBe('compact');
  });

  it('does not flicker on the swings measured as the centers part (seed 3: 1.00, 0.72, 1.33, 0.98 … 0.47, 0.54; λ 0.1: 0.46, 0.60)', () => {
    const phases = along([3.3, 1.25, 1.0, 0.72, 1.33, 0.98, 0.84, 0.72, 0.87, 0.54, 0.47, 0.54, 0.52, 0.6, 0.44]);
    expect(phases).toEqual(['inward', 'inward', 'inward', 'separating', 'separating', 'separating', 'separating', 'separating', 'separating', 'separating', 'compact', 'compact', 'compact', 'compact', 'compact']);
    // Without the previous phase each swing would flip it.
    expect(trainingPhase(metrics(1.33), 1, 240)).toBe('inward');
    expect(trainingPhase(metrics(0.54), 1, 330)).toBe('separating');
  });

  it('is the same for any λ from 0.1 up; below it the early stacking is not called center loss', () => {
    for (const lambda of [0.1, 1, 10]) expect(along([2, 0.8, 0.4], lambda)).toEqual(['inward', 'separating', 'compact']);
    for (const lambda of [0.001, 0.01]) expect(along([2, 0.8, 0.4], lambda)).toEqual(['stacked', 'separating', 'compact']);
  });

  it('spokes: separated classes stretched outward are not called tight clusters, whatever the ratio', () => {
    // λ = 0's spokes measure intra / min-inter about 0.6: without the elongation a λ > 0 run drawn so would read 'compact'.
    expect(trainingPhase(metrics(0.45, 0.9, T.spokesEnter), 0.0093, 600, 'compact')).toBe('spokes');
    expect(trainingPhase(metrics(0.45, 0.9, T.spokesEnter - 1e-9), 0.0093, 600, 'compact')).toBe('compact');
    // Stacked centers stay the earlier phase: spokes are about separated classes.
    expect(trainingPhase(metrics(2, 0.9, 4), 1, 600, 'compact')).toBe('inward');
  });

  it('λ lowered then raised: the caption follows the picture with hysteresis, no flicker at the boundary', () => {
    const seq: Array<[number, number, number]> = [
      // [λ, intra / min-inter, elongation]: compact at λ = 1, λ lowered, the clusters stretch (2.3 → 2.7 → 2.5 → 2.7), then λ raised and they round up.
      [1, 0.45, 1.7], [0.0093, 0.55, 2.3], [0.0093, 0.6, 2.7], [0.0093, 0.6, 2.5], [0.0093, 0.62, 2.7], [1, 0.5, 2.4], [1, 0.45, 2.1], [1, 0.44, 1.8],
    ];
    const out: TrainingPhase[] = [];
    seq.forEach(([lambda, r, e], k) => out.push(trainingPhase(metrics(r, 0.9, e), lambda, 400 + 25 * k, out.at(-1))));
    expect(out).toEqual(['compact', 'compact', 'spokes', 'spokes', 'spokes', 'spokes', 'compact', 'compact']);
  });

  it('λ raised from 0: spokes until they round up (exit boundary, as the picture was spokes)', () => {
    expect(trainingPhase(metrics(0.53, 0.9, 2.63), 1, 450, 'radial')).toBe('spokes');
    expect(trainingPhase(metrics(0.43, 0.9, 2.06), 1, 475, 'spokes')).toBe('compact');
  });
});
