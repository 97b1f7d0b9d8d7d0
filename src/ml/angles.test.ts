import { describe, expect, it } from 'vitest';
import { degrees, leastWeightAngle, meanAngleToWeight, unitRows } from './angles';
import { cosineAuroc, cosineRejection, knownWeightCosines } from './opensetCosine';

/** Unit vectors at these angles (degrees), 2-D. */
const at = (...deg: number[]) => Float32Array.from(deg.flatMap((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]));

describe('angular figures', () => {
  it('scales rows to length 1 and leaves a zero row at zero', () => {
    const u = Array.from(unitRows([3, 4, 0, 0, 0, -2, 0, 0, 0], 3));
    expect(u.map((v) => +v.toFixed(6))).toEqual([0.6, 0.8, 0, 0, 0, -1, 0, 0, 0]);
    expect(Array.from(unitRows([0, 5], 2))).toEqual([0, 1]);
  });

  it('measures the mean angle between each feature and its own class weight, whatever the lengths', () => {
    // Class 0 points along 0°, class 1 along 90°; its features sit 10° and 30° off, scaled by 5 and 0.1.
    const weights = Float32Array.from([2, 0, 0, 7]);
    const f = at(10, 60);
    const features = Float32Array.from([f[0]! * 5, f[1]! * 5, f[2]! * 0.1, f[3]! * 0.1]);
    expect(degrees(meanAngleToWeight(features, [0, 1], weights, 2, null))).toBeCloseTo(20, 4);
    // A held-out class's features count in no angle.
    expect(degrees(meanAngleToWeight(features, [0, 1], weights, 2, 1))).toBeCloseTo(10, 4);
    expect(meanAngleToWeight(features, [1, 1], weights, 2, 1)).toBeNaN();
  });

  it('finds the least angle between two class weights, leaving out the held-out class', () => {
    const w = at(0, 100, 110, 250);
    expect(degrees(leastWeightAngle(w, 2, null).angle)).toBeCloseTo(10, 4);
    expect(leastWeightAngle(w, 2, null).pair).toEqual([1, 2]);
    // Without class 2 the closest pair is 0 and 3 (110° apart the other way round).
    expect(degrees(leastWeightAngle(w, 2, 2).angle)).toBeCloseTo(100, 4);
    expect(leastWeightAngle(at(0), 2, null).angle).toBeNaN();
  });

  it('works in 3-D', () => {
    const w = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(degrees(leastWeightAngle(w, 3, null).angle)).toBeCloseTo(90, 4);
    expect(degrees(meanAngleToWeight([1, 1, 0], [0], w, 3, null))).toBeCloseTo(45, 4);
  });
});

describe('open set by cosine', () => {
  // Known classes 0 (0°) and 1 (90°); class 2 is held out, its weight row (180°) never trained.
  const weights = at(0, 90, 180);
  const labels = [0, 0, 1, 2, 2];
  const features = Float32Array.from([...at(5), ...at(-5), ...at(80)].concat([...at(200), ...at(45)]).map((v, i) => v * (1 + Math.floor(i / 2))));

  it('scores each feature by its greatest cosine to a known class weight', () => {
    const cos = knownWeightCosines(features, weights, 2, 2);
    expect(cos[0]).toBeCloseTo(Math.cos((5 * Math.PI) / 180), 5);
    expect(cos[2]).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 5);
    // 200° is 20° from the held-out class's row, which does not count: 110° from class 1 is nearest.
    expect(cos[3]).toBeCloseTo(Math.cos((110 * Math.PI) / 180), 5);
    expect(cos[4]).toBeCloseTo(Math.cos((45 * Math.PI) / 180), 5);
    expect(knownWeightCosines([0, 0], weights, 2, null)[0]).toBeNaN();
  });

  it('rejects below a cosine threshold and ranks the held-out class by angle', () => {
    const r = cosineRejection(features, weights, labels, 2, 2, Math.cos((30 * Math.PI) / 180));
    expect(r.knownRejected).toBe(0);
    expect(r.unknownRejected).toBe(1);
    expect(cosineRejection(features, weights, labels, 2, 2, Math.cos((7 * Math.PI) / 180)).knownRejected).toBeCloseTo(1 / 3, 9);
    expect(cosineAuroc(features, weights, labels, 2, 2)).toBe(1);
    // A held-out digit pointing straight at a known class is indistinguishable from it.
    expect(cosineAuroc(Float32Array.from([...at(0), ...at(0)]), weights, [0, 2], 2, 2)).toBe(0.5);
    expect(cosineAuroc(features, weights, [0, 0, 1, 1, 1], 2, 2)).toBeNaN();
  });
});
