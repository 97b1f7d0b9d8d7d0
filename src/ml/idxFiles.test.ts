/** Dropped IDX files: told apart by header and count in any order and naming, raw or gzipped; known sets named; every fault names its file. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MNIST_DIR } from '../../test/mnistFiles';
import { asFiles, fashionFiles, FASHION_DIR, syntheticSet } from '../../test/idxSets';
import { malformedCorpus } from '../../test/idxCorpus';
import { MNIST } from './datasetSpec';
import { IdxFilesError, identifyIdxFiles, loadIdxFiles, transposeImages } from './idxFiles';
import { knownDatasetFor } from './knownDatasets';
import { gatherImages, normalizeInto } from './idx';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('a dataset from IDX files the user drops', () => {
  it('sorts four files in any order and under any names by header and count', async () => {
    const s = syntheticSet(5, { train: 12, test: 4 });
    const [trI, trL, teI, teL] = asFiles(s, true);
    const renamed = [
      { name: 'a.gz', bytes: teL!.bytes },
      { name: 'b.gz', bytes: trI!.bytes },
      { name: 'c.gz', bytes: teI!.bytes },
      { name: 'd.gz', bytes: trL!.bytes },
    ];
    const set = await identifyIdxFiles(renamed);
    expect([set.trainImages.name, set.trainLabels.name, set.testImages.name, set.testLabels.name]).toEqual(['b.gz', 'd.gz', 'c.gz', 'a.gz']);
    expect([set.trainImages.count, set.testLabels.count]).toEqual([60, 20]);
  });

  it('a generated 5-class set: a custom id, "class k" names, its own normalisation, and the raw files\' SHA-256', async () => {
    const s = syntheticSet(5, { train: 12, test: 4 });
    const d = await loadIdxFiles(asFiles(s, true));
    expect(d.spec.id).toBe(`custom-${sha256(s.trainImages).slice(0, 12)}`);
    expect(d.spec.classNames).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    expect(d.spec.counts).toEqual({ train: 60, test: 20 });
    expect(d.spec.sha256).toEqual({ trainImages: sha256(s.trainImages), trainLabels: sha256(s.trainLabels), testImages: sha256(s.testImages), testLabels: sha256(s.testLabels) });
    // Normalised training pixels have mean 0 and std 1: the mean and std are the training set's.
    const x = gatherImages(d.train, Array.from({ length: 60 }, (_, i) => i));
    const mean = x.reduce((a, v) => a + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length);
    expect(mean).toBeCloseTo(0, 4);
    expect(sd).toBeCloseTo(1, 4);
    expect(d.spec.source).toBe('files');
  });

  it('a 26-class set labelled 1–26 (as EMNIST letters is) is shifted to 0–25; names the user gives replace "class k"', async () => {
    const s = syntheticSet(26, { train: 3, test: 1 }, 1);
    const names = Array.from({ length: 26 }, (_, k) => String.fromCharCode(97 + k));
    const d = await loadIdxFiles(asFiles(s), names);
    expect(d.spec.classNames).toEqual(names);
    expect(Math.min(...d.train.labels)).toBe(0);
    expect(Math.max(...d.test.labels)).toBe(25);
    expect(d.train.labels[0]).toBe(0);
    // A list of the wrong length is ignored rather than misapplied.
    expect((await loadIdxFiles(asFiles(s), ['a', 'b'])).spec.classNames[25]).toBe('class 25');
  });

  it('MNIST dropped as files is MNIST, with the reference normalisation', async () => {
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(MNIST_DIR, name))) }));
    const d = await loadIdxFiles(files);
    expect(d.spec).toEqual({ ...MNIST, source: 'files' });
    const px = d.test.pixels.subarray(0, 784);
    expect(gatherImages(d.test, [0])).toEqual(normalizeInto(px, new Float32Array(784)));
  });

  it('recognises Fashion-MNIST, gzipped or raw, and computes its mean and std', async () => {
    const gz = fashionFiles();
    const d = await loadIdxFiles(gz);
    expect(d.spec).toMatchObject({ id: 'fashion-mnist', name: 'Fashion-MNIST', counts: { train: 60000, test: 10000 }, source: 'files' });
    expect(d.spec.classNames).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    // The published figures for Fashion-MNIST's training set.
    expect(d.spec.mean).toBeCloseTo(0.286, 3);
    expect(d.spec.std).toBeCloseTo(0.353, 3);
    const raw = gz.map((f) => ({ name: f.name.replace(/\.gz$/, ''), bytes: new Uint8Array(gunzipSync(f.bytes)) }));
    expect(knownDatasetFor(raw.map((f) => sha256(f.bytes)))?.id).toBe('fashion-mnist');
    expect(knownDatasetFor([sha256(readFileSync(join(FASHION_DIR, 'train-images-idx3-ubyte.gz')))])).toBeUndefined();
  });

  it('refuses each malformed set with a message that names the file and the fault', async () => {
    const corpus = malformedCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(12);
    for (const c of corpus) {
      const e = await loadIdxFiles(c.files).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e, c.fault).toBeInstanceOf(IdxFilesError);
      expect((e as IdxFilesError).file, c.fault).toBe(c.names);
      expect((e as Error).message, c.fault).toMatch(new RegExp(`^${c.names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect((e as Error).message, c.fault).toMatch(c.says);
    }
  });
});

describe('transposed images (EMNIST stores each image column by column)', () => {
  it('turns every image about its diagonal, and the set is another dataset to a model', async () => {
    const files = asFiles(syntheticSet(3, { train: 4, test: 2 }));
    const plain = await loadIdxFiles(files);
    const turned = await loadIdxFiles(files, undefined, { transposed: true });
    expect(turned.spec).toMatchObject({ id: `${plain.spec.id}-transposed`, transposed: true, name: plain.spec.name, classNames: plain.spec.classNames });
    expect(plain.spec.transposed).toBeUndefined();
    for (const k of [0, 5, 11]) for (const [r, c] of [[3, 10], [10, 3], [0, 27], [27, 5]] as const) expect(turned.train.pixels[k * 784 + c * 28 + r]).toBe(plain.train.pixels[k * 784 + r * 28 + c]);
    expect(transposeImages(transposeImages(plain.test.pixels, 28), 28)).toEqual(plain.test.pixels);
    expect(Array.from(turned.train.labels)).toEqual(Array.from(plain.train.labels));
  });
});
