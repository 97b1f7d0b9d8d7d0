/** Images and labels in IDX format: parsing, validation and normalisation. No I/O here. */
import { IMAGE_SIDE, MAX_CLASSES, MNIST, numClassesOf, pixelsOf } from './datasetSpec';

export const IMAGE_MAGIC = 0x00000803;
export const LABEL_MAGIC = 0x00000801;
export const IMAGE_SIZE = IMAGE_SIDE;
export const PIXELS = pixelsOf(MNIST);
/** The bundled MNIST's facts, read from its DatasetSpec. */
export const NUM_CLASSES = numClassesOf(MNIST);
export const MNIST_MEAN = MNIST.mean;
export const MNIST_STD = MNIST.std;

/** x = (pixel/255 − mean) / std; mean and std of pixel/255 over the training images. */
export interface Normalisation {
  mean: number;
  std: number;
}
export const MNIST_NORM: Normalisation = { mean: MNIST_MEAN, std: MNIST_STD };

/** What the model takes, said whenever a file has another shape. */
export const SUPPORTED_IMAGES = `only ${IMAGE_SIZE} × ${IMAGE_SIZE} images with one channel (greyscale) are supported`;

export type Split = 'train' | 'test';

export const EXPECTED_COUNTS: Record<Split, number> = MNIST.counts;

export class IdxFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'IdxFormatError';
  }
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** Raw pixels, count × rows × cols, row-major. */
  pixels: Uint8Array;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

function header(bytes: Uint8Array, file: string, words: number): DataView {
  if (bytes.byteLength < words * 4) {
    throw new IdxFormatError(file, `truncated header: ${bytes.byteLength} bytes, need ${words * 4}`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function parseIdxImages(bytes: Uint8Array, file: string, expectedCount?: number): IdxImages {
  const view = header(bytes, file, 4);
  const magic = view.getUint32(0);
  if (magic !== IMAGE_MAGIC) {
    throw new IdxFormatError(file, `wrong magic number ${hex(magic)}, expected ${hex(IMAGE_MAGIC)} (IDX images)`);
  }
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    throw new IdxFormatError(file, `its images are ${rows} × ${cols}: ${SUPPORTED_IMAGES}`);
  }
  if (expectedCount !== undefined && count !== expectedCount) {
    throw new IdxFormatError(file, `wrong image count ${count}, expected ${expectedCount}`);
  }
  const need = 16 + count * rows * cols;
  if (bytes.byteLength < need) {
    throw new IdxFormatError(file, `truncated data: ${bytes.byteLength} bytes, the header promises ${need}`);
  }
  if (bytes.byteLength > need) {
    throw new IdxFormatError(file, `${bytes.byteLength - need} unexpected trailing bytes`);
  }
  return { count, rows, cols, pixels: bytes.subarray(16, need) };
}

/** Labels must lie in 0 … numClasses − 1 (any dataset's at most MAX_CLASSES). */
export function parseIdxLabels(bytes: Uint8Array, file: string, expectedCount?: number, numClasses = NUM_CLASSES): Uint8Array {
  const view = header(bytes, file, 2);
  const magic = view.getUint32(0);
  if (magic !== LABEL_MAGIC) {
    throw new IdxFormatError(file, `wrong magic number ${hex(magic)}, expected ${hex(LABEL_MAGIC)} (IDX labels)`);
  }
  const count = view.getUint32(4);
  if (expectedCount !== undefined && count !== expectedCount) {
    throw new IdxFormatError(file, `wrong label count ${count}, expected ${expectedCount}`);
  }
  const need = 8 + count;
  if (bytes.byteLength < need) {
    throw new IdxFormatError(file, `truncated data: ${bytes.byteLength} bytes, the header promises ${need}`);
  }
  if (bytes.byteLength > need) {
    throw new IdxFormatError(file, `${bytes.byteLength - need} unexpected trailing bytes`);
  }
  const labels = bytes.subarray(8, need);
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= numClasses) throw new IdxFormatError(file, `label ${labels[i]} at index ${i} is out of range: ${labelRange(numClasses)}`);
  }
  return labels;
}

const labelRange = (numClasses: number) =>
  numClasses === MAX_CLASSES ? `at most ${MAX_CLASSES} classes are supported (labels 0–${MAX_CLASSES - 1})` : `labels run from 0 to ${numClasses - 1}`;

/** One split: raw pixels (kept as bytes, 4× smaller than floats) and labels. */
export interface IdxSplit {
  split: Split;
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
  /** The dataset's normalisation; MNIST's when absent. */
  norm?: Normalisation;
}

export function makeSplit(split: Split, imageBytes: Uint8Array, labelBytes: Uint8Array, names: { images: string; labels: string }): IdxSplit {
  const expected = EXPECTED_COUNTS[split];
  const images = parseIdxImages(imageBytes, names.images, expected);
  const labels = parseIdxLabels(labelBytes, names.labels, expected);
  return { split, count: images.count, pixels: images.pixels, labels };
}

/** x = (pixel/255 − mean) / std; MNIST's values are the reference implementation's. */
export function normalizeInto(pixels: Uint8Array, out: Float32Array, outOffset = 0, norm: Normalisation = MNIST_NORM): Float32Array {
  const scale = 1 / (255 * norm.std);
  const shift = norm.mean / norm.std;
  for (let i = 0; i < pixels.length; i++) out[outOffset + i] = pixels[i]! * scale - shift;
  return out;
}

/** Normalised images for the given indices, packed NHWC with C = 1. */
export function gatherImages(data: IdxSplit, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const buf = out ?? new Float32Array(indices.length * PIXELS);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    normalizeInto(data.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), buf, k * PIXELS, data.norm);
  }
  return buf;
}

export function gatherLabels(data: IdxSplit, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = data.labels[indices[k]!]!;
  return out;
}

export function classCounts(labels: ArrayLike<number>, numClasses = NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}

/** Mean and std of pixel/255 over all pixels (population std), in float64. */
export function normalisationOf(pixels: Uint8Array): Normalisation {
  const hist = new Float64Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i]!]! += 1;
  let sum = 0;
  let sq = 0;
  for (let v = 0; v < 256; v++) {
    sum += hist[v]! * (v / 255);
    sq += hist[v]! * (v / 255) ** 2;
  }
  const n = Math.max(1, pixels.length);
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)) || 1 };
}

/** The first n/numClasses test images of each class: a fixed, class-balanced eval subset. */
export function balancedSubset(labels: ArrayLike<number>, size: number, numClasses = NUM_CLASSES): Uint32Array {
  const perClass = Math.floor(size / numClasses);
  const taken = new Array<number>(numClasses).fill(0);
  const picked: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (taken[y]! < perClass) {
      picked[y]!.push(i);
      taken[y]! += 1;
    }
  }
  // Fill the remainder (when classes are short, as at 10,000) in index order.
  const chosen = new Set(picked.flat());
  const rest: number[] = [];
  for (let i = 0; i < labels.length && chosen.size + rest.length < size; i++) if (!chosen.has(i)) rest.push(i);
  return Uint32Array.from([...picked.flat(), ...rest].sort((a, b) => a - b));
}
