/** Test helper: an MNIST digit as it might be drawn on the pad. */
import { mnistFromDrawing, SIDE } from '../src/ml/preprocess';

/** An MNIST image enlarged by `factor` with bilinear interpolation and placed at (ox, oy) on a blank pad: a stand-in for a drawing of it. */
export function enlargeDigit(pixels: ArrayLike<number>, factor: number, padWidth: number, padHeight: number, ox: number, oy: number): Float32Array {
  const out = new Float32Array(padWidth * padHeight);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : pixels[y * SIDE + x]!);
  for (let py = 0; py < SIDE * factor; py++)
    for (let px = 0; px < SIDE * factor; px++) {
      const X = ox + px, Y = oy + py;
      if (X < 0 || Y < 0 || X >= padWidth || Y >= padHeight) continue;
      const sx = (px + 0.5) / factor - 0.5, sy = (py + 0.5) / factor - 0.5;
      const ix = Math.floor(sx), iy = Math.floor(sy), fx = sx - ix, fy = sy - iy;
      out[Y * padWidth + X] = (1 - fy) * ((1 - fx) * at(ix, iy) + fx * at(ix + 1, iy)) + fy * ((1 - fx) * at(ix, iy + 1) + fx * at(ix + 1, iy + 1));
    }
  return out;
}

/** Test digit k as drawn on a 400 × 380 pad: enlarged ×6 to ×12 and placed somewhere on it, then through the pad's pipeline. */
export function drawnBack(digit: ArrayLike<number>, k: number): Uint8Array {
  const factor = 6 + (k % 7);
  const pad = enlargeDigit(digit, factor, 400, 380, (k * 37) % (400 - SIDE * factor), (k * 53) % (380 - SIDE * factor));
  return mnistFromDrawing(pad, 400, 380)!;
}
