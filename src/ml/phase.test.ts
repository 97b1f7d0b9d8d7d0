/** The early-phase rule on hand-made metrics: each code, each boundary, and the hysteresis that keeps it from flickering. */
import { describe, expect, it } from 'vitest';
import type { EvalMetrics } from './metrics';
import { PHASE_THRESHOLDS as T, trainingPhase, type TrainingPhase } from './phase';

/** Metrics with a given intra / min-inter ratio and test accuracy; the rest is plausible filler. */
const metrics = (intraOverInterMin: number, testAccuracy = 0.5): EvalMetrics => ({
  count: 1000,
  testAccuracy,
  nearestCenterAccuracy: testAccuracy,
  intraDistance: 0.3,
  interMin: 0.3 / intraOverInterMin,
  interMean: 1.5,
  intraOverInterMin,
  silhouette: 0.3,
  withinOverBetween: 0.1,
});

/** The phases along a run, each eval fed the phase before it. */
const along = (ratios: number[], lambda = 1): TrainingPhase[] => {
  const out: TrainingPhase[] = [];
  ratios.forEach((r, k) => out.push(trainingPhase(metrics(r), lambda, 10 * (k + 1), out.at(-1))));
  return out;
};

describe('trainingPhase', () => {
  it('is start at step 0 whatever λ and the metrics', () => {
    expect(trainingPhase(metrics(3), 1, 0)).toBe('start');
    expect(trainingPhase(metrics(0.2, 0.99), 0, 0, 'radial')).toBe('start');
    expect(trainingPhase(metrics(0.2), 1, 0, 'compact')).toBe('start');
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
});
