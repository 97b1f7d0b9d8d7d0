/**
 * Augmentation like torchvision's RandomAffine: a random rotation, shift and scale of each training image,
 * sampled bilinearly, with the background filled in. Each image's parameters are a pure function of the
 * seed, the step and its position in the batch, so lockstep runs, a resume and a replay see the same images.
 */
import type { Hyper } from './config';

/** The largest change of each kind: degrees, pixels, a fraction of the size. All 0: off. */
export interface Augment {
  rotate: number;
  shift: number;
  scale: number;
}

/** One image's transform: about the image centre, scaled, rotated by `angle` radians, then moved by (dx, dy) pixels. */
export interface Warp {
  angle: number;
  dx: number;
  dy: number;
  scale: number;
}

export const augmentOf = (h: Pick<Hyper, 'augRotate' | 'augShift' | 'augScale'>): Augment => ({ rotate: h.augRotate ?? 0, shift: h.augShift ?? 0, scale: h.augScale ?? 0 });

export const augments = (a: Augment): boolean => a.rotate > 0 || a.shift > 0 || a.scale > 0;

/** murmur3's finaliser: a well-mixed 32-bit value from a 32-bit one. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform in [-1, 1), from the seed, step, position and which of the four parameters: no state to carry or restore. */
function uniform(seed: number, step: number, position: number, k: number): number {
  let h = mix((seed ^ 0x2545f491) >>> 0);
  h = mix((h ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
  h = mix((h ^ Math.imul(position + 1, 0x632be5ab)) >>> 0);
  h = mix((h ^ Math.imul(k + 1, 0x27d4eb2f)) >>> 0);
  return (h / 4294967296) * 2 - 1;
}

/** The transform of the image at `position` in the batch of `step`. */
export function warpAt(a: Augment, seed: number, step: number, position: number): Warp {
  return {
    angle: (uniform(seed, step, position, 0) * a.rotate * Math.PI) / 180,
    dx: uniform(seed, step, position, 1) * a.shift,
    dy: uniform(seed, step, position, 2) * a.shift,
    scale: 1 + uniform(seed, step, position, 3) * a.scale,
  };
}

/**
 * Writes the warped image (`src` is one image) into `dst` at `offset`: each output pixel samples the source where the inverse transform puts it,
 * bilinearly; outside the source the value is `fill` (the normalised background).
 */
export function warpImage(src: Float32Array, dst: Float32Array, offset: number, side: number, w: Warp, fill: number): void {
  const c = (side - 1) / 2;
  const cos = Math.cos(w.angle) / w.scale;
  const sin = Math.sin(w.angle) / w.scale;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= side || y >= side ? fill : src[y * side + x]!);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x - c - w.dx;
      const v = y - c - w.dy;
      // The inverse rotation and scale: where this output pixel comes from.
      const sx = cos * u + sin * v + c;
      const sy = -sin * u + cos * v + c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
      const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      dst[offset + y * side + x] = top * (1 - fy) + bottom * fy;
    }
  }
}

/** Warps a batch of normalised square images in place, image k with the transform of (seed, step, k). */
export function augmentBatch(images: Float32Array, count: number, side: number, a: Augment, seed: number, step: number, fill: number): void {
  const pixels = side * side;
  const src = new Float32Array(pixels);
  for (let k = 0; k < count; k++) {
    src.set(images.subarray(k * pixels, (k + 1) * pixels));
    warpImage(src, images, k * pixels, side, warpAt(a, seed, step, k), fill);
  }
}
