import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskFetcher, loadPreparedMnist, MNIST_DIR } from '../../test/mnistFiles';
import { gunzip, loadMnist, type DataLoadError } from './dataset';
import { balancedSubset, classCounts, gatherImages, makeSplit, MNIST_MEAN, MNIST_STD, normalizeInto, parseIdxImages, parseIdxLabels } from './idx';

const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function idxImages(count: number, rows = 28, cols = 28, magic = 0x803, extra = 0): Uint8Array {
  const b = new Uint8Array(16 + count * rows * cols + extra);
  const v = new DataView(b.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, count);
  v.setUint32(8, rows);
  v.setUint32(12, cols);
  return b;
}

function idxLabels(labels: number[], magic = 0x801): Uint8Array {
  const b = new Uint8Array(8 + labels.length);
  const v = new DataView(b.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, labels.length);
  b.set(labels, 8);
  return b;
}

describe('the real MNIST files in public/mnist', () => {
  it('parse to 60,000 / 10,000 digits with the known label counts', async () => {
    const { train, test, bytes } = await loadPreparedMnist();
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(classCounts(train.labels)).toEqual(TRAIN_COUNTS);
    expect(classCounts(test.labels)).toEqual(TEST_COUNTS);
    expect(train.pixels.length).toBe(60000 * 784);
    expect(bytes).toBeLessThan(12e6);
  });

  it('normalise the training set to mean 0 and std 1, as (p/255 − 0.1307) / 0.3081', async () => {
    const { train } = await loadPreparedMnist();
    const x = normalizeInto(train.pixels, new Float32Array(train.pixels.length));
    let sum = 0;
    let sq = 0;
    for (const v of x) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / x.length;
    const std = Math.sqrt(sq / x.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(Math.abs(std - 1)).toBeLessThan(1e-3);
    // A known slice: the first training digit (a 5); a blank pixel and a full-ink pixel.
    const first = gatherImages(train, [0]);
    expect(train.labels[0]).toBe(5);
    expect(first[0]).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 5);
    expect(Math.max(...first)).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 5);
  });

  it('give a class-balanced eval subset', async () => {
    const { test } = await loadPreparedMnist();
    const sub = balancedSubset(test.labels, 2000);
    expect(sub.length).toBe(2000);
    expect(classCounts(Array.from(sub, (i) => test.labels[i]!))).toEqual(new Array(10).fill(200));
    expect(balancedSubset(test.labels, 10000).length).toBe(10000);
  });
});

describe('IDX validation', () => {
  it('rejects a wrong magic number', () => {
    expect(() => parseIdxImages(idxImages(1, 28, 28, 0x801), 'x')).toThrow(/wrong magic number 0x00000801, expected 0x00000803/);
    expect(() => parseIdxLabels(idxLabels([1], 0x803), 'y')).toThrow(/wrong magic number 0x00000803, expected 0x00000801/);
  });
  it('rejects wrong dimensions', () => {
    expect(() => parseIdxImages(idxImages(2, 32, 32), 'x')).toThrow(/its images are 32 × 32: only 28 × 28 images with one channel \(greyscale\) are supported/);
  });
  it('rejects a wrong count', () => {
    expect(() => parseIdxImages(idxImages(3), 'x', 60000)).toThrow(/wrong image count 3, expected 60000/);
    expect(() => parseIdxLabels(idxLabels([1, 2]), 'y', 10000)).toThrow(/wrong label count 2, expected 10000/);
    expect(() => makeSplit('test', idxImages(2), idxLabels([1, 2]), { images: 'i', labels: 'l' })).toThrow(/i: wrong image count 2, expected 10000/);
  });
  it('rejects truncated data and headers', () => {
    const full = idxImages(4);
    expect(() => parseIdxImages(full.subarray(0, full.length - 1), 'x')).toThrow(/truncated data: 3151 bytes, the header promises 3152/);
    expect(() => parseIdxImages(full.subarray(0, 10), 'x')).toThrow(/truncated header/);
    expect(() => parseIdxLabels(idxLabels([1, 2, 3]).subarray(0, 9), 'y')).toThrow(/truncated data/);
    expect(() => parseIdxImages(idxImages(1, 28, 28, 0x803, 5), 'x')).toThrow(/5 unexpected trailing bytes/);
  });
  it('rejects a label that is not a digit', () => {
    expect(() => parseIdxLabels(idxLabels([1, 12]), 'y')).toThrow(/label 12 at index 1 is out of range: labels run from 0 to 9/);
  });
});

describe('loading from the served files', () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-'));
    cpSync(MNIST_DIR, dir, { recursive: true });
    return dir;
  };
  const failure = async (dir: string) => {
    try {
      await loadMnist(diskFetcher(dir));
    } catch (e) {
      return e as DataLoadError;
    }
    throw new Error('loading should have failed');
  };

  it('names a missing file', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'manifest.json'), readFileSync(join(MNIST_DIR, 'manifest.json'), 'utf8').replace('"t10k-labels-idx1-ubyte.gz"', '"gone.gz"'));
    const e = await failure(dir);
    expect(e.kind).toBe('missing');
    expect(e.message).toMatch(/gone\.gz is missing/);
  });

  it('names a corrupt file (checksum mismatch)', async () => {
    const dir = copy();
    const p = join(dir, 't10k-labels-idx1-ubyte.gz');
    const b = readFileSync(p);
    b[100] = b[100]! ^ 0xff;
    writeFileSync(p, b);
    const e = await failure(dir);
    expect(e.kind).toBe('corrupt');
    expect(e.message).toMatch(/t10k-labels-idx1-ubyte\.gz is corrupt/);
  });

  it('reports a missing manifest', async () => {
    const e = await failure(mkdtempSync(join(tmpdir(), 'empty-')));
    expect(e.kind).toBe('missing');
    expect(e.message).toMatch(/manifest/);
  });

  it('gunzips what the prepare step wrote back to the original bytes', async () => {
    const raw = await gunzip(new Uint8Array(readFileSync(join(MNIST_DIR, 't10k-labels-idx1-ubyte.gz'))));
    expect(raw.length).toBe(10008);
    expect(new DataView(raw.buffer).getUint32(0)).toBe(0x801);
  });
});
