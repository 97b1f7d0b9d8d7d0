/** Metrics, open set and sampling for any number of classes from 2 to 62, not only MNIST's ten. */
import { describe, expect, it } from 'vitest';
import { MAX_CLASSES, MIN_CLASSES } from './datasetSpec';
import { argmaxRows, evalMetrics } from './metrics';
import { balancedSubset, classCounts } from './idx';
import { openSetVerdict, rejectionAtScale } from './openset';
import { createRng } from './rng';
import { BatchSampler, trainingIndices } from './sampler';

/** k classes on a circle of radius 10, perClass features each within 0.3 of its center; logits = −distance². */
function clusters(k: number, perClass: number) {
  const rng = createRng(k);
  const centers = new Float32Array(k * 2);
  for (let c = 0; c < k; c++) [centers[2 * c], centers[2 * c + 1]] = [10 * Math.cos((2 * Math.PI * c) / k), 10 * Math.sin((2 * Math.PI * c) / k)];
  const n = k * perClass;
  const labels = new Uint8Array(n);
  const features = new Float32Array(n * 2);
  const logits = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const y = i % k;
    labels[i] = y;
    features[2 * i] = centers[2 * y]! + 0.3 * (rng.next() - 0.5);
    features[2 * i + 1] = centers[2 * y + 1]! + 0.3 * (rng.next() - 0.5);
    for (let c = 0; c < k; c++) logits[i * k + c] = -((features[2 * i]! - centers[2 * c]!) ** 2 + (features[2 * i + 1]! - centers[2 * c + 1]!) ** 2);
  }
  return { centers, labels, features, logits };
}

describe('any number of classes', () => {
  it.each([MIN_CLASSES, 5, 26, MAX_CLASSES])('%i classes: every metric over all of them, the last class a held-out one far from the rest', (k) => {
    const c = clusters(k, 6);
    expect(Array.from(argmaxRows(c.logits, k))).toEqual(Array.from(c.labels));
    const all = evalMetrics(c.features, c.logits, c.labels, c.centers, 2, k);
    expect([all.count, all.knownCount, all.testAccuracy, all.nearestCenterAccuracy]).toEqual([6 * k, 6 * k, 1, 1]);
    expect(all.withinOverBetween).toBeLessThan(0.01);
    expect(all.silhouette).toBeGreaterThan(0.8);
    // Held out: its images sit at the middle of the circle, 10 from every known center.
    const held = k - 1;
    for (let i = 0; i < c.labels.length; i++) if (c.labels[i] === held) c.features.set([0, 0], 2 * i);
    const m = evalMetrics(c.features, c.logits, c.labels, c.centers, 2, k, held);
    expect([m.heldOut, m.knownCount, m.nearestCenterAccuracy]).toEqual([held, 6 * (k - 1), 1]);
    expect(rejectionAtScale(c.features, c.centers, c.labels, 2, held, 3)).toMatchObject({ unknownRejected: 1, knownRejected: 0 });
    expect(openSetVerdict([0, 0], c.centers, 2, held, 0.15, 3).known).toBe(false);
    expect(openSetVerdict(c.centers.subarray(0, 2), c.centers, 2, held, 0.15, 3)).toMatchObject({ known: true, nearest: 0 });
  });

  it('counts, balances and samples 62 classes, leaving a held-out one out of every batch', () => {
    const labels = Uint8Array.from({ length: 62 * 20 }, (_, i) => i % 62);
    expect(classCounts(labels, 62)).toEqual(new Array(62).fill(20));
    const subset = balancedSubset(labels, 124, 62);
    expect(classCounts(Array.from(subset, (i) => labels[i]!), 62)).toEqual(new Array(62).fill(2));
    const sampler = new BatchSampler(trainingIndices(labels, 61), 3);
    expect(sampler.size).toBe(61 * 20);
    for (let s = 0; s < sampler.stepsPerEpoch(64); s++) for (const i of sampler.next(64)) expect(labels[i]).not.toBe(61);
  });
});
