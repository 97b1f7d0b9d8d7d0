import { describe, expect, it } from 'vitest';
import { aboutSeconds } from '../../ml/lessonEta';
import { inkGrid, inkImage } from './inkImage';

describe('digits as dark ink on white', () => {
  it('one image: full ink is black, no ink white, every pixel opaque', () => {
    const img = inkImage([0, 255, 100, 0], 2);
    expect([img.width, img.height]).toEqual([2, 2]);
    expect(Array.from(img.data)).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 155, 155, 155, 255, 255, 255, 255, 255]);
  });
  it('a grid: image k at column k % cols, row k / cols; the unused cells stay white', () => {
    const img = inkGrid(3, 1, 2, (k) => [10, 20, 30][k]!);
    expect([img.width, img.height]).toEqual([2, 2]);
    expect(Array.from(img.data.filter((_, i) => i % 4 === 0))).toEqual([245, 235, 225, 255]);
  });
});

describe('the header\u2019s time left', () => {
  it('rounds the time as a whole: never "60 s" beside the minutes', () => {
    expect([aboutSeconds(12), aboutSeconds(57.6), aboutSeconds(95), aboutSeconds(176), aboutSeconds(179), aboutSeconds(200)]).toEqual(['about 10 s', 'about 1 min', 'about 1 min 40 s', 'about 3 min', 'about 3 min', 'about 3 min 20 s']);
  });
});
