import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { fit3 } from './orbit';
import { extent } from './scatterDraw';
import { angularViewOf, edgeReach, unitFrame, UNIT_REACH, unitOf } from './angularView';

describe('the angular view of a panel', () => {
  it('draws a ray out to the plot’s farthest corner, however small the cloud', () => {
    const scales = { x: d3.scaleLinear().domain([-1, 3]).range([0, 400]), y: d3.scaleLinear().domain([-1, 1]).range([200, 0]) };
    // Origin at pixel (100, 100); the farthest corner (400, 0 or 200) is hypot(300, 100) px away, 100 px a unit.
    expect(edgeReach([0, 0], scales, { left: 0, top: 0, width: 400, height: 200 })).toBeCloseTo(Math.hypot(300, 100) / 100, 9);
  });

  it('keeps one normalised copy per snapshot and one view object per setting', () => {
    const f = Float32Array.from([3, 4, 0, 2]);
    expect(Array.from(unitOf(f, 2)).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8, 0, 1]);
    expect(unitOf(f, 2)).toBe(unitOf(f, 2));
    expect(angularViewOf(true, false, 0.5)).toBe(angularViewOf(true, false, 0.5));
    expect(angularViewOf(true, false, 0.5)).not.toBe(angularViewOf(true, true, 0.5));
  });

  it('fits a unit view to the whole circle or sphere around the origin, wherever the features lie', () => {
    const f3 = fit3(unitFrame(3).features, null);
    expect(f3.origin).toEqual([0, 0, 0]);
    expect(f3.radius).toBeCloseTo(UNIT_REACH, 6);
    const [[x0, x1], [y0, y1]] = extent(unitFrame(2).features, null);
    expect(x0).toBeLessThanOrEqual(-UNIT_REACH + 1e-6);
    expect(x1).toBeGreaterThanOrEqual(UNIT_REACH - 1e-6);
    expect(y0).toBeLessThanOrEqual(-UNIT_REACH + 1e-6);
    expect(y1).toBeGreaterThanOrEqual(UNIT_REACH - 1e-6);
  });
});
