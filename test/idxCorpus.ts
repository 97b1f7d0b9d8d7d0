/** Malformed IDX sets, one fault each, with the file the message must name and what it must say. Shared by the Node tests and the e2e. */
import { gzipSync } from 'node:zlib';
import type { GivenFile } from '../src/ml/idxFiles';
import { asFiles, idxImages, idxLabels, syntheticSet } from './idxSets';

export interface MalformedCase {
  fault: string;
  files: GivenFile[];
  /** The file the message names ('the files' for the set as a whole). */
  names: string;
  says: RegExp;
}

const replace = (files: GivenFile[], name: string, bytes: Uint8Array): GivenFile[] => files.map((f) => (f.name === name ? { name, bytes } : f));

export function malformedCorpus(): MalformedCase[] {
  const good = syntheticSet(5, { train: 12, test: 4 });
  const files = asFiles(good);
  const gz = asFiles(good, true);
  const threeChannels = new Uint8Array(20 + 60 * 28 * 28 * 3);
  new DataView(threeChannels.buffer).setUint32(0, 0x804);
  [60, 28, 28, 3].forEach((w, i) => new DataView(threeChannels.buffer).setUint32(4 + 4 * i, w));
  const big = syntheticSet(5, { train: 12, test: 4 });
  const wrongMagic = good.trainLabels.slice();
  wrongMagic.set([0x12, 0x34, 0x56, 0x78]);
  const outOfRange = Array.from({ length: 20 }, (_, i) => i % 5);
  outOfRange[7] = 62;
  return [
    { fault: 'truncated images', files: replace(files, 'train-images-idx3-ubyte', good.trainImages.subarray(0, good.trainImages.length - 100)), names: 'train-images-idx3-ubyte', says: /truncated data: .* the header promises/ },
    { fault: 'truncated gzip', files: replace(gz, 't10k-images-idx3-ubyte.gz', gz[2]!.bytes.subarray(0, gz[2]!.bytes.length >> 1)), names: 't10k-images-idx3-ubyte.gz', says: /could not be decompressed/ },
    { fault: 'a file too short for a header', files: replace(files, 't10k-labels-idx1-ubyte', new Uint8Array([0, 0, 8])), names: 't10k-labels-idx1-ubyte', says: /too short to be an IDX file/ },
    { fault: 'wrong magic number', files: replace(files, 'train-labels-idx1-ubyte', wrongMagic), names: 'train-labels-idx1-ubyte', says: /wrong magic number 0x12345678/ },
    { fault: 'counts that disagree', files: replace(files, 't10k-labels-idx1-ubyte', idxLabels([0, 1, 2, 3, 4, 0, 1, 2, 3])), names: 't10k-labels-idx1-ubyte', says: /has 9 labels but t10k-images-idx3-ubyte has 20 images/ },
    { fault: 'a label out of range', files: replace(files, 't10k-labels-idx1-ubyte', idxLabels(outOfRange)), names: 't10k-labels-idx1-ubyte', says: /label 62 at index 7 is out of range: at most 62 classes/ },
    { fault: '32 × 32 images', files: replace(files, 'train-images-idx3-ubyte', idxImages(new Uint8Array(60 * 32 * 32), 60, 32, 32)), names: 'train-images-idx3-ubyte', says: /its images are 32 × 32: only 28 × 28 images with one channel/ },
    { fault: 'three channels', files: replace(files, 'train-images-idx3-ubyte', threeChannels), names: 'train-images-idx3-ubyte', says: /images with 3 channels: only 28 × 28 images with one channel/ },
    { fault: 'one class only', files: replace(replace(files, 'train-labels-idx1-ubyte', idxLabels(new Array(60).fill(0))), 't10k-labels-idx1-ubyte', idxLabels(new Array(20).fill(0))), names: 'train-labels-idx1-ubyte', says: /at least 2 classes are needed/ },
    { fault: 'three files', files: files.slice(0, 3), names: 'the files', says: /expected four IDX files .* got 3/ },
    { fault: 'two images files of one split', files: [...files.slice(0, 3), { name: 'more-images', bytes: big.testImages }], names: 'the files', says: /expected two images files and two labels files; got 3 images and 1 labels/ },
    { fault: 'not an IDX file', files: replace(files, 'train-images-idx3-ubyte', new TextEncoder().encode('<html>not found</html>')), names: 'train-images-idx3-ubyte', says: /wrong magic number .*not an IDX file/ },
    { fault: 'gzipped garbage', files: replace(gz, 'train-labels-idx1-ubyte.gz', new Uint8Array(gzipSync(new TextEncoder().encode('hello world, no idx')))), names: 'train-labels-idx1-ubyte.gz', says: /wrong magic number/ },
  ];
}
