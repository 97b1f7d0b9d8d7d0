/** The augmentation strip's pixels: normalised images back to 0-255 (the inverse of the normalisation), side by side, dark ink on white as the dataset grid draws them. */
import type { DatasetSpec } from '../../ml/datasetSpec';
import { inkGrid } from './inkImage';

/** RGBA for `count` square images of `side` pixels in a row: count·side wide, side high. */
export function stripPixels(images: Float32Array, count: number, side: number, norm: Pick<DatasetSpec, 'mean' | 'std'>): Uint8ClampedArray<ArrayBuffer> {
  // x = (p/255 − mean) / std, so p = 255 (x·std + mean); the clamped array rounds and clips.
  return inkGrid(count, side, count, (k, i) => 255 * (images[k * side * side + i]! * norm.std + norm.mean)).data;
}
