import { describe, expect, it } from 'vitest';
import { augmentBatch, augmentOf, augments, warpAt, warpImage, type Warp } from './augment';
import { presetConfig } from './config';

const IDENTITY: Warp = { angle: 0, dx: 0, dy: 0, scale: 1 };
const FILL = -0.5;

/** A side × side image of `fill` with the given pixels set to 1. */
function image(side: number, on: Array<[number, number]>, fill = FILL): Float32Array {
  const im = new Float32Array(side * side).fill(fill);
  for (const [x, y] of on) im[y * side + x] = 1;
  return im;
}

const warped = (src: Float32Array, side: number, w: Warp) => {
  const out = new Float32Array(side * side);
  warpImage(src, out, 0, side, w, FILL);
  return out;
};

describe('augmentation settings', () => {
  it('is off in every preset, and on when any of the three is above 0', () => {
    for (const p of ['fast', 'quick', 'reference', 'caffe'] as const) expect(augments(augmentOf(presetConfig(p).hyper))).toBe(false);
    expect(augments(augmentOf({ augShift: 1 }))).toBe(true);
    expect(augments(augmentOf({ augRotate: 0, augShift: 0, augScale: 0.1 }))).toBe(true);
  });
});

describe('the random transform of an image', () => {
  const a = { rotate: 20, shift: 3, scale: 0.2 };

  it('is a pure function of the seed, the step and the position in the batch', () => {
    expect(warpAt(a, 1, 10, 3)).toEqual(warpAt(a, 1, 10, 3));
    const others = [warpAt(a, 2, 10, 3), warpAt(a, 1, 11, 3), warpAt(a, 1, 10, 4)];
    for (const o of others) expect(o).not.toEqual(warpAt(a, 1, 10, 3));
  });

  it('stays within the set ranges and uses them', () => {
    const ws = Array.from({ length: 2000 }, (_, k) => warpAt(a, 5, Math.floor(k / 128), k % 128));
    const deg = ws.map((w) => (w.angle * 180) / Math.PI);
    expect(Math.max(...deg.map(Math.abs))).toBeLessThanOrEqual(20);
    expect(Math.min(...deg)).toBeLessThan(-19);
    expect(Math.max(...deg)).toBeGreaterThan(19);
    expect(Math.max(...ws.map((w) => Math.max(Math.abs(w.dx), Math.abs(w.dy))))).toBeLessThanOrEqual(3);
    expect(Math.min(...ws.map((w) => w.scale))).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...ws.map((w) => w.scale))).toBeLessThanOrEqual(1.2);
    // Roughly centred: no drift of the digits to one side.
    expect(Math.abs(ws.reduce((s, w) => s + w.dx, 0) / ws.length)).toBeLessThan(0.15);
  });

  it('is the identity with every range at 0', () => {
    const w = warpAt({ rotate: 0, shift: 0, scale: 0 }, 1, 7, 2);
    expect([Math.abs(w.angle), Math.abs(w.dx), Math.abs(w.dy), w.scale]).toEqual([0, 0, 0, 1]);
  });
});

describe('warping an image', () => {
  it('leaves it unchanged under the identity', () => {
    const src = Float32Array.from({ length: 28 * 28 }, (_, i) => Math.sin(i));
    expect(warped(src, 28, IDENTITY)).toEqual(src);
  });

  it('moves it by whole pixels, filling the uncovered edge with the background', () => {
    const src = image(5, [[1, 1], [3, 2]]);
    const out = warped(src, 5, { ...IDENTITY, dx: 1, dy: -1 });
    expect(out).toEqual(image(5, [[2, 0], [4, 1]]));
  });

  it('rotates it about its centre (90°: right becomes down)', () => {
    const out = warped(image(5, [[4, 2]]), 5, { ...IDENTITY, angle: Math.PI / 2 });
    const expected = image(5, [[2, 4]]);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(expected[i]!, 5);
  });

  it('shrinks it about its centre: the background comes in at the border, the middle stays', () => {
    const out = warped(new Float32Array(28 * 28).fill(1), 28, { ...IDENTITY, scale: 0.5 });
    expect(out[0]).toBe(FILL);
    expect(out[14 * 28 + 14]).toBe(1);
    expect(out[13 * 28 + 13]).toBe(1);
  });

  it('warps image k of a batch with the transform of (seed, step, k)', () => {
    const a = { rotate: 30, shift: 2, scale: 0.1 };
    const one = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 255) / 255);
    const batch = new Float32Array(3 * 784);
    for (let k = 0; k < 3; k++) batch.set(one, k * 784);
    augmentBatch(batch, 3, 28, a, 4, 9, FILL);
    for (let k = 0; k < 3; k++) {
      const expected = new Float32Array(784);
      warpImage(one, expected, 0, 28, warpAt(a, 4, 9, k), FILL);
      expect(batch.subarray(k * 784, (k + 1) * 784)).toEqual(expected);
    }
    expect(batch.subarray(0, 784)).not.toEqual(batch.subarray(784, 2 * 784));
  });
});
