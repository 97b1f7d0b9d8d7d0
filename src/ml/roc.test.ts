import { describe, expect, it } from 'vitest';
import { auroc, histogram, rocCurve } from './roc';

describe('ROC and AUROC', () => {
  it('matches a hand-computed case with a tie across the classes', () => {
    // Positives 0.9, 0.7, 0.4; negatives 0.8, 0.4, 0.2. Pairs (pos > neg): 0.9 beats 3, 0.7 beats 2, 0.4 beats 1 and ties 1 → (3 + 2 + 1 + ½) / 9.
    const scores = [0.9, 0.8, 0.7, 0.4, 0.4, 0.2];
    const positive = [true, false, true, true, false, false];
    const curve = rocCurve(scores, positive);
    expect(curve.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 1 / 3],
      [1 / 3, 1 / 3],
      [1 / 3, 2 / 3],
      [2 / 3, 1], // the tie: one step diagonally, not a staircase
      [1, 1],
    ]);
    expect(auroc(curve)).toBeCloseTo(6.5 / 9, 12);
  });

  it('is 1 for a perfect separation, 0 for the reverse and ½ when every score ties', () => {
    expect(auroc(rocCurve([3, 2, 1, 0], [true, true, false, false]))).toBe(1);
    expect(auroc(rocCurve([3, 2, 1, 0], [false, false, true, true]))).toBe(0);
    expect(auroc(rocCurve([1, 1, 1, 1], [true, false, true, false]))).toBe(0.5);
  });

  it('is undefined without both classes', () => {
    expect(auroc(rocCurve([1, 2], [true, true]))).toBeNaN();
    expect(auroc(rocCurve([], []))).toBeNaN();
  });

  it('bins distances, the last bin catching everything past the range', () => {
    const h = histogram([0, 0.4, 0.5, 1.9, 7], 2, 4);
    expect(Array.from(h.counts)).toEqual([2, 1, 0, 2]);
    expect(h.width).toBe(0.5);
  });
});
