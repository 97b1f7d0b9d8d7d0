/** The shape metrics: hand-made spokes and blobs in 2-D and 3-D, and the PyTorch reference's own numbers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elongation, symmetricEigenvalues, withinBetween } from './shape';

interface Case { name: string; dim: number; features: number[]; labels: number[]; elongation: number; withinBetween: number }
const golden = JSON.parse(readFileSync(new URL('../../test/reference/shape.json', import.meta.url), 'utf8')) as { cases: Case[] };

/**
 * `classes` classes evenly around a circle (2-D) or on the axes' directions (3-D), each at distance 5 from the
 * origin; every class is a grid of points stretched by `radial` along its own direction and `across` across it.
 */
function drawn(dim: 2 | 3, classes: number, radial: number, across: number): { features: number[]; labels: number[] } {
  const features: number[] = [];
  const labels: number[] = [];
  const steps = [-2, -1, 0, 1, 2];
  for (let c = 0; c < classes; c++) {
    const a = (2 * Math.PI * c) / classes;
    // An orthonormal frame whose first axis points from the origin to the class.
    const frame: number[][] =
      dim === 2
        ? [[Math.cos(a), Math.sin(a)], [-Math.sin(a), Math.cos(a)]]
        : [[Math.cos(a), Math.sin(a), 0], [-Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
    const grid = dim === 2 ? steps.flatMap((s) => steps.map((t) => [s, t])) : steps.flatMap((s) => steps.flatMap((t) => steps.map((u) => [s, t, u])));
    for (const g of grid) {
      for (let k = 0; k < dim; k++) {
        let v = 5 * frame[0]![k]!;
        g.forEach((s, j) => (v += s * (j === 0 ? radial : across) * frame[j]![k]!));
        features.push(v);
      }
      labels.push(c);
    }
  }
  return { features, labels };
}

describe('symmetricEigenvalues', () => {
  it('finds the eigenvalues of 2×2 and 3×3 symmetric matrices, ascending', () => {
    const two = symmetricEigenvalues([2, 1, 1, 2], 2);
    expect(two[0]).toBeCloseTo(1, 12);
    expect(two[1]).toBeCloseTo(3, 12);
    // [[2,−1,0],[−1,2,−1],[0,−1,2]]: 2 − √2, 2, 2 + √2.
    const three = symmetricEigenvalues([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
    expect(three[0]).toBeCloseTo(2 - Math.SQRT2, 12);
    expect(three[1]).toBeCloseTo(2, 12);
    expect(three[2]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(symmetricEigenvalues([5, 0, 0, 0, 1, 0, 0, 0, 3], 3)).toEqual([1, 3, 5]);
  });
});

describe('elongation and within/between on drawn shapes', () => {
  for (const dim of [2, 3] as const) {
    const spokes = drawn(dim, 10, 3, 1);
    const blobs = drawn(dim, 10, 1, 1);

    it(`${dim}-D: spokes 3 times longer than wide measure 3, round blobs 1`, () => {
      expect(elongation(spokes.features, spokes.labels, dim)).toBeCloseTo(3, 9);
      expect(elongation(blobs.features, blobs.labels, dim)).toBeCloseTo(1, 9);
    });

    it(`${dim}-D: spokes spread more within their class than blobs do, against the same class means`, () => {
      const ws = withinBetween(spokes.features, spokes.labels, dim);
      const wb = withinBetween(blobs.features, blobs.labels, dim);
      expect(ws).toBeGreaterThan(wb);
      // Grid variance per axis is 2 (of ±2, ±1, 0) times the stretch²; class means sit 5 from the overall mean.
      expect(wb).toBeCloseTo((2 * dim) / 25, 9);
      expect(ws).toBeCloseTo((2 * 9 + 2 * (dim - 1)) / 25, 9);
    });

    it(`${dim}-D: neither figure changes when every feature is scaled or moved`, () => {
      const moved = spokes.features.map((v, i) => 7 * v + (i % dim) * 3);
      expect(elongation(moved, spokes.labels, dim)).toBeCloseTo(3, 9);
      expect(withinBetween(moved, spokes.labels, dim)).toBeCloseTo(withinBetween(spokes.features, spokes.labels, dim), 9);
    });
  }

  it('tells spokes from blobs where intra distance over center gap cannot: the same spread, one shape long, one round', () => {
    // Spokes 2×0.5 against blobs 1×1 have the same area; only the shape differs.
    const spokes = drawn(2, 10, 2, 0.5);
    const blobs = drawn(2, 10, 1, 1);
    expect(elongation(spokes.features, spokes.labels, 2)).toBeGreaterThan(2.6);
    expect(elongation(blobs.features, blobs.labels, 2)).toBeLessThan(2);
  });

  it('leaves out a class with one point and is NaN with no class to measure', () => {
    const { features, labels } = drawn(2, 3, 3, 1);
    expect(elongation([...features, 100, 100], [...labels, 9], 2)).toBeCloseTo(3, 9);
    expect(elongation([1, 2], [0], 2)).toBeNaN();
    expect(withinBetween([], [], 2)).toBeNaN();
  });
});

describe('the PyTorch reference (test/reference/shape.json, scripts/golden/shape.py)', () => {
  it('has the cases it should: spokes, blobs and unequal classes in 2-D and 3-D', () => {
    expect(golden.cases.map((c) => c.name)).toEqual(['spokes 2-D', 'blobs 2-D', 'spokes 3-D', 'blobs 3-D', 'unequal classes 2-D', 'unequal classes 3-D']);
  });
  for (const c of golden.cases) {
    it(`${c.name}: elongation ${c.elongation.toFixed(3)}, within/between ${c.withinBetween.toFixed(4)}`, () => {
      expect(elongation(c.features, c.labels, c.dim)).toBeCloseTo(c.elongation, 9);
      expect(withinBetween(c.features, c.labels, c.dim)).toBeCloseTo(c.withinBetween, 9);
    });
  }
  it('the reference spokes are spokes and its blobs are not, in both dimensions', () => {
    const by = (name: string) => golden.cases.find((c) => c.name === name)!;
    for (const dim of ['2-D', '3-D']) {
      expect(by(`spokes ${dim}`).elongation).toBeGreaterThan(2.6);
      expect(by(`blobs ${dim}`).elongation).toBeLessThan(2);
    }
  });
});
