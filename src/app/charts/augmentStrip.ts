/** The augmentation strip's pixels: normalised images back to 0-255 (the inverse of the normalisation), side by side, dark ink on white as the dataset grid draws them. */
import type { DatasetSpec } from '../../ml/datasetSpec';

/** RGBA for `count` square images of `side` pixels in a row: count·side wide, side high. */
export function stripPixels(images: Float32Array, count: number, side: number, norm: Pick<DatasetSpec, 'mean' | 'std'>): Uint8ClampedArray<ArrayBuffer> {
  const width = count * side;
  const out = new Uint8ClampedArray(width * side * 4);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < side * side; i++) {
      // x = (p/255 − mean) / std, so p = 255 (x·std + mean); the clamped array rounds and clips.
      const ink = 255 * (images[k * side * side + i]! * norm.std + norm.mean);
      const at = (Math.floor(i / side) * width + k * side + (i % side)) * 4;
      out[at] = out[at + 1] = out[at + 2] = 255 - ink;
      out[at + 3] = 255;
    }
  }
  return out;
}
