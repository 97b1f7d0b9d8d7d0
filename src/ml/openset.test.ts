import { describe, expect, it } from 'vitest';
import { knownCenterDistances, openSetVerdict, rejectionAtFalseRate, rejectionAtScale } from './openset';

// Two known classes at (0,0) and (10,0); class 2 is held out and sits at (5, 5).
const centers = [0, 0, 10, 0, 100, 100];
const features = [0, 1, 1, 0, 10, 1, 9, 0, 5, 5, 5, 6];
const labels = [0, 0, 1, 1, 2, 2];

describe('open-set rejection', () => {
  it('measures distance to the nearest known center, never the held-out one', () => {
    const d = knownCenterDistances(features, centers, 2, 2);
    [1, 1, 1, 1, Math.hypot(5, 5), Math.hypot(5, 6)].forEach((v, i) => expect(d[i]).toBeCloseTo(v, 12));
  });

  it('rejects by a threshold in units of the mean known distance', () => {
    const r = rejectionAtScale(features, centers, labels, 2, 2, 2);
    expect(r.threshold).toBe(2);
    expect(r).toMatchObject({ unknownRejected: 1, knownRejected: 0 });
    expect(rejectionAtScale(features, centers, labels, 2, 2, 0.5)).toMatchObject({ unknownRejected: 1, knownRejected: 1 });
  });

  it('picks the threshold for a false-rejection rate', () => {
    const r = rejectionAtFalseRate(features, centers, labels, 2, 2, 0);
    expect(r.knownRejected).toBe(0);
    expect(r.unknownRejected).toBe(1);
  });

  it('gives one input its verdict in typical distances, never against the held-out center', () => {
    // Typical distance 1 (every known digit above is 1 from its center).
    expect(openSetVerdict([0, 1.5], centers, 2, 2, 1, 2)).toEqual({ known: true, nearest: 0, ratio: 1.5 });
    const far = openSetVerdict([99, 99], centers, 2, 2, 1, 2);
    expect(far.known).toBe(false);
    expect(far.nearest).toBe(1);
    // No hold-out: the third center counts.
    expect(openSetVerdict([99, 99], centers, 2, -1, 1, 2).nearest).toBe(2);
  });
});
