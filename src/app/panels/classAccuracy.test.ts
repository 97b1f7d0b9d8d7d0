import { describe, expect, it } from 'vitest';
import { classAccuracies } from './classAccuracy';

describe('classAccuracies', () => {
  it('counts each class on its own images, without the held-out class', () => {
    const labels = [0, 0, 1, 1, 1, 2, 2, 4];
    const preds = [0, 1, 1, 1, 0, 2, 2, 0];
    const r = classAccuracies(labels, preds, 5, 2);
    expect(r.map((c) => c.k)).toEqual([0, 1, 3, 4]);
    expect(r[0]).toEqual({ k: 0, count: 2, accuracy: 0.5 });
    expect(r[1]!.accuracy).toBeCloseTo(2 / 3);
    // A class with no image in the subset has no accuracy rather than 0%.
    expect(r[2]!.count).toBe(0);
    expect(r[2]!.accuracy).toBeNaN();
    expect(r[3]).toEqual({ k: 4, count: 1, accuracy: 0 });
  });
});
