/** A drawing made into an MNIST digit, as MNIST was made: bounding box → 20×20 (aspect kept, area-averaged) → centre of mass at the centre of 28×28. */
import { PIXELS } from './idx';

export const SIDE = 28;
/** MNIST's digits fit a 20×20 box inside the 28×28 image. */
export const BOX = 20;
/** MNIST's centres of mass sit at pixel index 14 on both axes (measured: 14.00, 13.99 over 2,000 test digits). */
export const CENTER_OF_MASS = 14;
/** Ink below this share of the darkest pixel is anti-aliasing fringe, not part of the bounding box. */
const INK_FLOOR = 0.05;

/** Per output index: the source pixels it covers and by how much (area weights that sum to 1). */
function areaWeights(start: number, length: number, outLength: number): { index: number; weight: number }[][] {
  const step = length / outLength;
  return Array.from({ length: outLength }, (_, u) => {
    const a = start + u * step, b = a + step;
    const out: { index: number; weight: number }[] = [];
    for (let i = Math.floor(a); i < Math.ceil(b); i++) {
      const w = Math.min(b, i + 1) - Math.max(a, i);
      if (w > 1e-9) out.push({ index: i, weight: w / step });
    }
    return out;
  });
}

/**
 * ink: width × height, row-major, larger = more ink (any range). Returns 784 bytes like an MNIST image
 * (0 background, 255 full ink), or null when there is no ink.
 */
export function mnistFromDrawing(ink: ArrayLike<number>, width: number, height: number): Uint8Array | null {
  let peak = 0;
  for (let i = 0; i < width * height; i++) peak = Math.max(peak, ink[i]!);
  if (!(peak > 0)) return null;
  let x0 = width, x1 = -1, y0 = height, y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (ink[y * width + x]! > INK_FLOOR * peak) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  const wx = areaWeights(x0, bw, tw), wy = areaWeights(y0, bh, th);
  const box = new Float64Array(tw * th);
  let mass = 0, mx = 0, my = 0, top = 0;
  for (let v = 0; v < th; v++)
    for (let u = 0; u < tw; u++) {
      let s = 0;
      for (const a of wy[v]!) for (const b of wx[u]!) s += a.weight * b.weight * ink[a.index * width + b.index]!;
      box[v * tw + u] = s;
      mass += s;
      mx += s * u;
      my += s * v;
      top = Math.max(top, s);
    }
  // Translate so the centre of mass lands on MNIST's; whole pixels keep the strokes as sharp as the resampling left them.
  const dx = Math.round(CENTER_OF_MASS - mx / mass), dy = Math.round(CENTER_OF_MASS - my / mass);
  const out = new Uint8Array(PIXELS);
  // MNIST's strokes are saturated (90% of its digits reach 255): a faint drawing is stretched to full ink.
  const gain = 255 / top;
  for (let v = 0; v < th; v++)
    for (let u = 0; u < tw; u++) {
      const x = u + dx, y = v + dy;
      if (x < 0 || y < 0 || x >= SIDE || y >= SIDE) continue;
      out[y * SIDE + x] = Math.min(255, Math.round(box[v * tw + u]! * gain));
    }
  return out;
}

/** Ink from RGBA pixels of dark strokes on a light pad: 255 − luminance, weighted by alpha over white. */
export function inkFromRgba(rgba: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const a = rgba[4 * i + 3]! / 255;
    const lum = 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!;
    out[i] = a * (255 - lum);
  }
  return out;
}
