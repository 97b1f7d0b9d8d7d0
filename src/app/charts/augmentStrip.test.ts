import { describe, expect, it } from 'vitest';
import { MNIST } from '../../ml/datasetSpec';
import { normalizeInto } from '../../ml/idx';
import { stripPixels } from './augmentStrip';

describe('the augmentation strip', () => {
  it('undoes the normalisation: each digit’s pixels come back as they were, dark on white, side by side', () => {
    const raw = [Uint8Array.from({ length: 4 }, (_, i) => i * 80), Uint8Array.of(255, 0, 0, 128)];
    const images = new Float32Array(8);
    raw.forEach((r, k) => normalizeInto(r, images, k * 4));
    const rgba = stripPixels(images, 2, 2, MNIST);
    // 4 × 2 pixels: row 0 is image 0's first row, then image 1's.
    const grey = Array.from({ length: 8 }, (_, p) => rgba[p * 4]!);
    expect(grey).toEqual([255, 175, 255 - 255, 255, 95, 15, 255, 127]);
    expect(Array.from({ length: 8 }, (_, p) => rgba[p * 4 + 3])).toEqual(Array(8).fill(255));
  });

  it('draws the background a warp fills in as white, and clips what overshoots', () => {
    const background = normalizeInto(Uint8Array.of(0), new Float32Array(1))[0]!;
    const rgba = stripPixels(Float32Array.of(background, 10), 1, 1, MNIST);
    expect(rgba[0]).toBe(255);
    const over = stripPixels(Float32Array.of(10), 1, 1, MNIST);
    expect(over[0]).toBe(0);
  });
});
