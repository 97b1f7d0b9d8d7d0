/** IDX files built in memory for tests: any class count, shape or fault, and the Fashion-MNIST files Debian installs. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GivenFile } from '../src/ml/idxFiles';

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/** The four Fashion-MNIST files as dropped: gzipped, standard names (.ci/run installs them). */
export function fashionFiles(): GivenFile[] {
  if (!existsSync(FASHION_DIR)) throw new Error(`${FASHION_DIR} is missing: apt-get install dataset-fashion-mnist (.ci/run does)`);
  return readdirSync(FASHION_DIR).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FASHION_DIR, name))) }));
}

function header(words: number[]): Uint8Array {
  const b = new Uint8Array(words.length * 4);
  const v = new DataView(b.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w));
  return b;
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

export const idxImages = (pixels: Uint8Array, count: number, rows = 28, cols = 28): Uint8Array => concat(header([0x803, count, rows, cols]), pixels);
export const idxLabels = (labels: ArrayLike<number>): Uint8Array => concat(header([0x801, labels.length]), Uint8Array.from(labels));

/** Images a small network tells apart: class k lights a bar at its own row band and column offset. */
export function classImage(k: number, numClasses: number, jitter: number): Uint8Array {
  const img = new Uint8Array(28 * 28);
  const row = 2 + Math.floor((k * 22) / numClasses);
  const col = 2 + ((k * 7) % 20);
  for (let r = row; r < row + 4; r++) for (let c = col + (jitter % 3); c < col + 6 + (jitter % 3); c++) img[r * 28 + c] = 200 + (jitter % 50);
  return img;
}

export interface SyntheticSet {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

/** A set of `numClasses` classes, perClass train and test images each, labels starting at `firstLabel`. */
export function syntheticSet(numClasses: number, perClass = { train: 40, test: 10 }, firstLabel = 0): SyntheticSet {
  const split = (n: number) => {
    const labels: number[] = [];
    const pixels = new Uint8Array(n * numClasses * 784);
    for (let i = 0; i < n * numClasses; i++) {
      const k = i % numClasses;
      labels.push(k + firstLabel);
      pixels.set(classImage(k, numClasses, i), i * 784);
    }
    return { images: idxImages(pixels, labels.length), labels: idxLabels(labels) };
  };
  const train = split(perClass.train);
  const test = split(perClass.test);
  return { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
}

/** The set as four dropped files, with the usual names; `gzip` compresses them as downloads come. */
export const asFiles = (s: SyntheticSet, gzip = false): GivenFile[] =>
  (
    [
      ['train-images-idx3-ubyte', s.trainImages],
      ['train-labels-idx1-ubyte', s.trainLabels],
      ['t10k-images-idx3-ubyte', s.testImages],
      ['t10k-labels-idx1-ubyte', s.testLabels],
    ] as const
  ).map(([name, bytes]) => (gzip ? { name: `${name}.gz`, bytes: new Uint8Array(gzipSync(bytes)) } : { name, bytes }));

/** An ArrayBuffer of exactly these bytes, as the page sends files to the worker. */
export const bufferOf = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
