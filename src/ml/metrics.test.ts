import { describe, expect, it } from 'vitest';
import { clusterMetrics, evalMetrics, silhouette, snapshotFigures, softmax } from './metrics';
import { elongation, withinBetween } from './shape';

// Two classes on a line: class 0 around x = 0, class 1 around x = 10, spread ±1.
const features = [-1, 0, 1, 0, 9, 0, 11, 0];
const labels = [0, 0, 1, 1];

describe('cluster metrics', () => {
  it('within/between variance is scale-free and matches the hand computation', () => {
    // within: 4 × 1² = 4; between: 2·5² + 2·5² = 100.
    expect(withinBetween(features, labels, 2)).toBeCloseTo(0.04, 12);
    expect(withinBetween(features.map((v) => v * 7), labels, 2)).toBeCloseTo(0.04, 12);
  });

  it('silhouette: (b − a) / max(a, b) averaged', () => {
    // Point −1: a = 2, b = mean(10, 12) = 11 → 9/11; by symmetry every point scores 9/11 or (from 1: a 2, b 9) 7/9.
    const expected = (9 / 11 + 7 / 9 + 7 / 9 + 9 / 11) / 4;
    expect(silhouette(features, labels, 2, 2)).toBeCloseTo(expected, 12);
  });

  it('accuracy, nearest-center accuracy, intra and inter distances', () => {
    const centers = [0, 0, 10, 0];
    const logits = [1, 0, 1, 0, 0, 1, 1, 0]; // the last digit is misclassified by the softmax
    const m = evalMetrics(features, logits, labels, centers, 2, 2);
    expect(m.testAccuracy).toBe(0.75);
    expect(m.nearestCenterAccuracy).toBe(1);
    expect(m.intraDistance).toBe(1);
    expect(m.interMin).toBe(10);
    expect(m.intraOverInterMin).toBeCloseTo(0.1, 12);
  });
});

describe('cluster metrics with a held-out class', () => {
  // Classes 0 and 1 as above, trained; class 2 held out: its digits sit far off and its center is still at its random start, 0.2 from center 0.
  const f = [...features, 30, 0, 32, 0];
  const y = [...labels, 2, 2];
  const centers = [0, 0, 10, 0, 0.2, 0];
  const logits = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0]; // digit 2 can never be predicted right

  it('leaves the untrained center out of the inter-center distances and the ratio', () => {
    const all = evalMetrics(f, logits, y, centers, 2, 3);
    expect(all.interMin).toBeCloseTo(0.2, 6); // what the app reported before: the random center counted
    const m = evalMetrics(f, logits, y, centers, 2, 3, 2);
    expect(m.interMin).toBe(10);
    expect(m.interMean).toBe(10);
    expect(m.intraOverInterMin).toBeCloseTo(0.1, 12);
  });

  it('computes the accuracies on the known digits and says how many', () => {
    const m = evalMetrics(f, logits, y, centers, 2, 3, 2);
    expect(m.heldOut).toBe(2);
    expect(m.count).toBe(6);
    expect(m.knownCount).toBe(4);
    expect(m.testAccuracy).toBe(1);
    // The untrained center is never the nearest: digit 0 at x = 1 is closer to it (0.8) than to center 0 (1).
    expect(m.nearestCenterAccuracy).toBe(1);
    expect(m.intraDistance).toBe(1);
  });

  it('silhouette and within/between see only the trained classes', () => {
    const m = evalMetrics(f, logits, y, centers, 2, 3, 2);
    expect(m.withinOverBetween).toBeCloseTo(0.04, 12);
    expect(m.silhouette).toBeCloseTo(silhouette(features, labels, 2, 2), 12);
  });

  it('a panel\'s snapshot figures are the eval metrics but the silhouette, in the same order', () => {
    const pred = [0, 0, 1, 0, 1, 2];
    const { silhouette: s, ...rest } = clusterMetrics(f, pred, y, centers, 2, 3, 2);
    expect(s).toBeCloseTo(silhouette(features, labels, 2, 2), 12);
    expect(snapshotFigures(f, pred, y, centers, 2, 2)).toEqual(rest);
    expect(Object.keys(clusterMetrics(f, pred, y, centers, 2, 3, 2))).toEqual(['count', 'heldOut', 'knownCount', 'testAccuracy', 'nearestCenterAccuracy', 'intraDistance', 'interMin', 'interMean', 'intraOverInterMin', 'silhouette', 'withinOverBetween', 'elongation']);
  });

  it('is unchanged without a held-out class', () => {
    const m = evalMetrics(features, [1, 0, 1, 0, 0, 1, 0, 1], labels, [0, 0, 10, 0], 2, 2, null);
    expect(m).toMatchObject({ heldOut: null, knownCount: 4, testAccuracy: 1, interMin: 10 });
  });
});

describe('softmax of one row', () => {
  it('sums to 1, keeps the order, and survives huge logits', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(p[2]! / p[1]!).toBeCloseTo(Math.E, 5);
    expect(Array.from(softmax([1000, 1000]))).toEqual([0.5, 0.5]);
  });
});

describe('elongation in 3-D', () => {
  // Two classes at ±10 on x; each point sits 1 from its class mean along one axis.
  const offsets = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
  const cloud = (stretch: number) => [-10, 10].flatMap((cx) => offsets.flatMap(([x, y, z]) => [cx + x! * stretch, y!, z!]));
  const two = [...Array(6).fill(0), ...Array(6).fill(1)];

  it('is 1 for round blobs and 3 for classes three times longer than wide (spokes)', () => {
    expect(elongation(cloud(1), two, 3)).toBeCloseTo(1, 12);
    // Spread 3 along x against 1 along y and z: √(9 / 1).
    expect(elongation(cloud(3), two, 3)).toBeCloseTo(3, 12);
  });

  it('the metrics use every dimension: a third axis that separates the classes is seen', () => {
    const f = [0, 0, -5, 0, 0, -5.5, 0, 0, 5, 0, 0, 5.5];
    const m = evalMetrics(f, [9, -9, 9, -9, -9, 9, -9, 9], [0, 0, 1, 1], [0, 0, -5.25, 0, 0, 5.25], 3, 2);
    expect(m.withinOverBetween).toBeLessThan(0.01);
    expect(m.testAccuracy).toBe(1);
  });
});

