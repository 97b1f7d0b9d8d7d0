import { describe, expect, it } from 'vitest';
import { centersAttr, fillDomain, gridColumns, relativeSpread, snapshotSpread, spreadOf, trainedCenters, unionDomain } from './spread';

describe('feature spread', () => {
  it('is the RMS distance from the mean, ignoring non-finite points', () => {
    expect(spreadOf(new Float32Array([1, 0, -1, 0, 0, 1, 0, -1]))).toBeCloseTo(1, 6);
    expect(spreadOf(new Float32Array([3, 3, 3, 3, NaN, 0]))).toBe(0);
    expect(spreadOf(new Float32Array([]))).toBeNaN();
  });

  it('says how many times smaller or larger a run is than the reference', () => {
    expect(relativeSpread(3, 40, 'softmax only')).toBe('features 13× smaller than softmax only');
    expect(relativeSpread(40, 3, 'center loss')).toBe('features 13× larger than center loss');
    expect(relativeSpread(2, 5, 'x')).toBe('features 2.5× smaller than x');
    expect(relativeSpread(1, 1.05, 'x')).toBe('features about as spread as x');
    expect(relativeSpread(1, 0, 'x')).toBeNull();
  });

  it('masks a held-out center out of the fitted extent', () => {
    const c = new Float32Array([0, 0, 50, 50]);
    expect(Array.from(trainedCenters(c, 1))).toEqual([0, 0, NaN, NaN]);
    expect(trainedCenters(c, null)).toBe(c);
  });

  it('unites domains into one square domain', () => {
    expect(unionDomain([[[-3, 3], [-3, 3]], [[-40, 40], [-10, 30]]])).toEqual([[-40, 40], [-30, 50]]);
    expect(unionDomain([])).toBeNull();
  });

  it('widens a square domain to a wide plot with equal units, and lays out small multiples', () => {
    expect(fillDomain([[-1, 1], [-1, 1]], 400, 200)).toEqual([[-2, 2], [-1, 1]]);
    expect(fillDomain([[0, 2], [0, 2]], 100, 100)).toEqual([[0, 2], [0, 2]]);
    expect([1, 2, 3, 4, 5, 6].map((n) => gridColumns(n, false))).toEqual([1, 2, 2, 2, 3, 3]);
    expect([1, 2, 3, 4, 5, 6].map((n) => gridColumns(n, true))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lists the trained centers only', () => {
    expect(centersAttr(new Float32Array([1, 2, 3, 4, 5, 6]), 1)).toBe('1.00000,2.00000,5.00000,6.00000');
  });

  it('gives a snapshot its spread once: the same figure as spreadOf, per features array', () => {
    const a = new Float32Array([0, 0, 2, 0, 0, 2, 2, 2]);
    const b = new Float32Array([0, 0, 4, 0, 0, 4, 4, 4]);
    expect(snapshotSpread(a)).toBe(spreadOf(a));
    expect(snapshotSpread(b)).toBe(spreadOf(b));
    expect(snapshotSpread(b)).toBeCloseTo(2 * snapshotSpread(a));
  });
});
