import { describe, expect, it } from 'vitest';
import { parseGif } from '../../../test/mediaParse';
import { encodeGif, FRAME_MS } from './gif';

describe('GIF export encoder', () => {
  it('writes one frame per input at the given size and delay, and a parser reads them back', () => {
    const w = 64, h = 36;
    const frames = Array.from({ length: 5 }, (_, f) => {
      const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
      // A moving square in a class colour.
      for (let y = 10; y < 20; y++) for (let x = 5 + 8 * f; x < 15 + 8 * f; x++) rgba.set([0, 114, 178, 255], (y * w + x) * 4);
      return rgba;
    });
    const gif = parseGif(encodeGif(frames, w, h));
    expect(gif).toMatchObject({ width: w, height: h, frames: 5 });
    expect(gif.delaysMs).toEqual(Array(5).fill(FRAME_MS));
  });

  it('the parser rejects what is not a complete GIF', () => {
    expect(() => parseGif(new TextEncoder().encode('PNG.....'))).toThrow();
  });
});
