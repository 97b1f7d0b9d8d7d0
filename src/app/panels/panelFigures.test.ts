/** The panels' figures: every run described at one step, replay at the replayed step, and held-out wording. */
import { describe, expect, it } from 'vitest';
import { evalMetrics } from '../../ml/metrics';
import { createEmbeddingState, pushSnapshot, setEvalSet } from '../store/embedding';
import { createSeries } from '../store/series';
import type { EvalMetrics } from '../../ml/metrics';
import { drawnPhase, heldOutNote, lambdaAt, shownSnapshots, statsLine, type PhaseMemory } from './panelFigures';

const snap = (step: number) => ({ step, features: new Float32Array([0, 0, 1, 1]), predictions: new Uint8Array([0, 1]), centers: new Float32Array([0, 0, 1, 1]) });

function embedding(steps: number[]) {
  const e = createEmbeddingState();
  setEvalSet(e, { indices: new Uint32Array([0, 1]), labels: new Uint8Array([0, 1]), pixels: new Uint8Array(0) });
  for (const s of steps) pushSnapshot(e, snap(s));
  return e;
}

describe('shownSnapshots', () => {
  it('live: every run at the newest step all have reached (one run’s embedding arrived first)', () => {
    const [a, b] = [embedding([0, 10, 20]), embedding([0, 10])];
    expect(shownSnapshots([a, b], null).map((s) => s?.step)).toEqual([10, 10]);
    pushSnapshot(b, snap(20));
    expect(shownSnapshots([a, b], null).map((s) => s?.step)).toEqual([20, 20]);
  });

  it('live: a frozen run shows its one picture and does not hold the training run back at its step', () => {
    const [twin, run] = [embedding([0]), embedding([0, 10, 20])];
    expect(shownSnapshots([twin, run], null, [true, false]).map((s) => s?.step)).toEqual([0, 20]);
    // Unfrozen, the same two would both be described at step 0.
    expect(shownSnapshots([twin, run], null).map((s) => s?.step)).toEqual([0, 0]);
  });

  it('replay: the replayed step; nothing before every run has a snapshot', () => {
    const [a, b] = [embedding([0, 10, 20]), embedding([0, 10, 20])];
    expect(shownSnapshots([a, b], 0).map((s) => s?.step)).toEqual([0, 0]);
    expect(shownSnapshots([a, embedding([])], null)).toEqual([null, null]);
  });
});

describe('words of the stats line', () => {
  const m = evalMetrics([0, 0, 1, 1, 9, 9], [1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 1, 2], [0, 0, 1, 1, 5, 5], 2, 3, 2);

  it('says the accuracies are on the known digits, and how much of all can be right', () => {
    expect(statsLine(m)).toBe('known digits: test 100.0% · nearest center 100.0% · intra/min-inter 0.00');
    expect(heldOutNote(m)).toBe('The accuracies count the 2 test digits of the trained classes (not the 2s); of all 3, at most 66.7% can be right.');
    const plain = evalMetrics([0, 0, 1, 1], [1, 0, 0, 1], [0, 1], [0, 0, 1, 1], 2, 2);
    expect(statsLine(plain)).toBe('test 100.0% · nearest center 100.0% · intra/min-inter 0.00');
    expect(heldOutNote(plain)).toBeNull();
  });

  it('the λ of a replayed step is the one its run trained with then', () => {
    const s = createSeries(10);
    s.loss.push({ step: 10, lambda: 1, ce: 1, weightedCenter: 1, total: 2, trainAcc: 0.5 });
    s.loss.push({ step: 20, lambda: 0.01, ce: 1, weightedCenter: 0, total: 1, trainAcc: 0.5 });
    expect(lambdaAt(s, 15, 0.5)).toBe(1);
    expect(lambdaAt(s, 25, 0.5)).toBe(0.01);
    expect(lambdaAt(s, 5, 0.5)).toBe(0.5);
  });
});

describe('drawnPhase: the live caption of the snapshot drawn', () => {
  const fig = (elongation: number, withinOverBetween: number): EvalMetrics => ({ ...evalMetrics([0, 0, 1, 1], [1, 0, 0, 1], [0, 1], [0, 0, 1, 1], 2, 2), intraOverInterMin: 0.3, testAccuracy: 0.95, elongation, withinOverBetween });

  it('gives one snapshot one phase however often the page renders, and keeps hysteresis from snapshot to snapshot', () => {
    const memory: PhaseMemory = new Map();
    expect(drawnPhase(memory, 'run1', fig(3.3, 0.12), 0.05, 0, 0.12)).toBe('radial');
    expect(drawnPhase(memory, 'run1', fig(2.7, 0.1), 0.05, 40, 0.12)).toBe('spokes');
    // Rendered again at the same step with other figures: the caption of that snapshot stands.
    expect(drawnPhase(memory, 'run1', fig(1.5, 0.01), 0.05, 40, 0.12)).toBe('spokes');
    expect(drawnPhase(memory, 'run1', fig(2.3, 0.09), 0.05, 80, 0.12)).toBe('rounding');
    expect(drawnPhase(memory, 'run1', fig(1.88, 0.068), 0.05, 120, 0.12)).toBe('compact');
    // Inside the bounds the caption holds: 1.98 ≤ 2.0 and 0.071 ≤ 0.6 × 0.12.
    expect(drawnPhase(memory, 'run1', fig(1.98, 0.071), 0.05, 160, 0.12)).toBe('compact');
    // Past them it goes, whatever came before.
    expect(drawnPhase(memory, 'run1', fig(2.05, 0.06), 0.05, 200, 0.12)).toBe('rounding');
    // Each run keeps its own.
    expect(drawnPhase(memory, 'run0', fig(3.4, 0.12), 0, 200, null)).toBe('radial');
  });
});
