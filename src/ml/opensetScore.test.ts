import { describe, expect, it } from 'vitest';
import { LOSSES } from './losses/registry';
import { cosineAuroc, cosineRejection } from './opensetCosine';
import { rejectionAtScale } from './openset';
import { auroc, rocCurve } from './roc';
import { openSetScoreOf, openSetScores, perClassScores, rejectedSectors, rejectionByScore, scoreVerdict } from './opensetScore';
import { createRng } from './rng';

const deg = (d: number) => (d * Math.PI) / 180;

function cloud(seed: number, n: number, dim: number, classes: number) {
  const rng = createRng(seed);
  const features = Float32Array.from({ length: n * dim }, () => rng.normal() * 2);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
  const classWeights = Float32Array.from({ length: classes * dim }, () => rng.normal());
  const centers = Float32Array.from({ length: classes * dim }, () => rng.normal());
  return { features, labels, basis: { centers, classWeights } };
}

describe('each loss head is scored for open set in its own terms', () => {
  it('by distance to the nearest known center where the head keeps centers, by angle to the nearest known class ray where it keeps none', () => {
    expect(Object.values(LOSSES).map((h) => [h.kind, openSetScoreOf(h)])).toEqual(Object.values(LOSSES).map((h) => [h.kind, h.usesCenters ? 'distance' : 'angle']));
    expect(openSetScoreOf(LOSSES.arcface)).toBe('angle');
    expect(openSetScoreOf(LOSSES.center)).toBe('distance');
  });

  it('the angle score rejects what the cosine rejects and ranks as the cosine AUROC does; the distance score is the old one', () => {
    for (const dim of [2, 3]) {
      const { features, labels, basis } = cloud(dim, 300, dim, 5);
      const heldOut = 4;
      const angles = openSetScores('angle', features, basis, dim, heldOut);
      const r = rejectionByScore(angles, labels, heldOut, 1.3, 'angle');
      const byCos = cosineRejection(features, basis.classWeights, labels, dim, heldOut, Math.cos(r.threshold));
      expect(r.unknownRejected).toBeCloseTo(byCos.unknownRejected, 10);
      expect(r.knownRejected).toBeCloseTo(byCos.knownRejected, 10);
      const positive = Array.from(labels, (y) => y === heldOut);
      expect(auroc(rocCurve(angles, positive))).toBeCloseTo(cosineAuroc(features, basis.classWeights, labels, dim, heldOut), 10);
      const d = rejectionByScore(openSetScores('distance', features, basis, dim, heldOut), labels, heldOut, 1.3, 'distance');
      expect(d).toEqual(rejectionAtScale(features, basis.centers, labels, dim, heldOut, 1.3));
    }
  });

  it('an angle threshold never passes π: past it nothing is rejected', () => {
    const { features, labels, basis } = cloud(7, 100, 2, 4);
    const r = rejectionByScore(openSetScores('angle', features, basis, 2, 3), labels, 3, 1000, 'angle');
    expect(r.threshold).toBe(Math.PI);
    expect(r.unknownRejected).toBe(0);
  });
});

describe('the rejected directions in 2-D', () => {
  const ray = (d: number) => [Math.cos(deg(d)), Math.sin(deg(d))];
  it('the gaps between the known rays’ ±θ wedges, the held-out class’s ray left out, one sector across angle 0', () => {
    const weights = [...ray(0), ...ray(90), ...ray(180), ...ray(45)];
    const gaps = rejectedSectors(weights, 3, deg(30));
    expect(gaps.map(([a, b]) => [Math.round((a * 180) / Math.PI), Math.round((b * 180) / Math.PI)])).toEqual([
      [30, 60],
      [120, 150],
      [210, 330],
    ]);
    expect(rejectedSectors(weights, null, deg(30)).map(([a, b]) => [Math.round((a * 180) / Math.PI), Math.round((b * 180) / Math.PI)])).toEqual([
      [120, 150],
      [210, 330],
    ]);
    // Wide wedges cover every direction: nothing is rejected.
    expect(rejectedSectors(weights, 3, deg(100))).toEqual([]);
  });

  it('a gap that crosses angle 0 is one sector', () => {
    const gaps = rejectedSectors([...ray(90), ...ray(180)], null, deg(20));
    expect(gaps.map(([a, b]) => [Math.round((a * 180) / Math.PI), Math.round((b * 180) / Math.PI)])).toEqual([
      [110, 160],
      [200, 430],
    ]);
  });
});

describe('a drawn digit’s verdict in its run’s terms', () => {
  it('by angle: the nearest known ray, whatever the feature’s length; by distance: the nearest known center', () => {
    const basis = { centers: [10, 0, 0, 10, -10, 0], classWeights: [1, 0, 0, 1, -1, 0] };
    // Far out along class 1's ray: near it by angle, far from every center by distance.
    const far = [0.5, 100];
    const byAngle = scoreVerdict('angle', far, basis, 2, 2, deg(10), 2);
    expect(byAngle.nearest).toBe(1);
    expect(byAngle.known).toBe(true);
    expect(byAngle.ratio).toBeCloseTo(Math.atan2(0.5, 100) / deg(10), 10);
    expect(scoreVerdict('distance', far, basis, 2, 2, 5, 2).known).toBe(false);
    // Between the rays of 0 and 1, 45° from each: unknown at a threshold of 2 × 10°.
    expect(scoreVerdict('angle', [1, 1], basis, 2, 2, deg(10), 2)).toMatchObject({ known: false });
    expect(perClassScores('angle', [1, 1], basis, 2).map((a) => Math.round((a * 180) / Math.PI))).toEqual([45, 45, 135]);
  });
});
