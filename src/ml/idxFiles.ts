/** A dataset from four IDX files as a user gives them (any names, raw or gzipped, any order): identified, checked, hashed. No DOM. */
import { gunzip, sha256Hex, type LoadedDataset } from './dataset';
import { MAX_CLASSES, MIN_CLASSES, IMAGE_SIDE, type DatasetSpec } from './datasetSpec';
import { customId, genericClassNames, knownDatasetFor, type FileHashes } from './knownDatasets';
import { IMAGE_MAGIC, LABEL_MAGIC, IdxFormatError, normalisationOf, parseIdxImages, parseIdxLabels, SUPPORTED_IMAGES, type IdxSplit, type Split } from './idx';

export interface GivenFile {
  name: string;
  bytes: Uint8Array;
}

export type IdxKind = 'images' | 'labels';

/** One file, decompressed and classified by its header. */
export interface IdxFile {
  name: string;
  kind: IdxKind;
  count: number;
  raw: Uint8Array;
  /** The bytes as given (gzipped or not): their digest also identifies a known set. */
  given: Uint8Array;
}

/** The four files in their roles. */
export interface IdxSet {
  trainImages: IdxFile;
  trainLabels: IdxFile;
  testImages: IdxFile;
  testLabels: IdxFile;
}

/** A fault in the files the user gave: `file` names the file (or 'the files' for the set as a whole). */
export class IdxFilesError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'IdxFilesError';
  }
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const hex = (n: number, width = 8) => `0x${n.toString(16).padStart(width, '0')}`;
const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** Decompresses a file if gzipped, and says from its header whether it holds images or labels, and how many. */
export async function readIdxFile(f: GivenFile): Promise<IdxFile> {
  let raw = f.bytes;
  if (isGzip(raw)) {
    try {
      raw = await gunzip(raw);
    } catch {
      throw new IdxFilesError(f.name, 'is gzipped but could not be decompressed (truncated or corrupt)');
    }
  }
  if (raw.length < 8) throw new IdxFilesError(f.name, `is too short to be an IDX file (${plural(raw.length, 'byte')})`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  const [zero, type, dims] = [view.getUint16(0), raw[2]!, raw[3]!];
  if (zero !== 0) throw new IdxFilesError(f.name, `wrong magic number ${hex(magic)}: not an IDX file (images start with ${hex(IMAGE_MAGIC)}, labels with ${hex(LABEL_MAGIC)})`);
  if (type !== 0x08) throw new IdxFilesError(f.name, `holds values of IDX type ${hex(type, 2)}; only unsigned bytes (0x08) are supported`);
  if (dims === 1) return { name: f.name, kind: 'labels', count: view.getUint32(4), raw, given: f.bytes };
  if (dims === 3) return { name: f.name, kind: 'images', count: view.getUint32(4), raw, given: f.bytes };
  if (dims === 4) {
    const channels = raw.length >= 20 ? view.getUint32(16) : NaN;
    throw new IdxFilesError(f.name, `holds images with ${Number.isNaN(channels) ? 'several' : channels} channels: ${SUPPORTED_IMAGES}`);
  }
  throw new IdxFilesError(f.name, `wrong magic number ${hex(magic)}: an IDX file with ${dims} dimensions is neither images (${hex(IMAGE_MAGIC)}) nor labels (${hex(LABEL_MAGIC)})`);
}

const trainLike = (name: string) => /train/i.test(name);
const testLike = (name: string) => /t10k|test/i.test(name);

/** The larger images file is the training set (ties: the one named train); each labels file goes with the images of its count. */
function assign(files: IdxFile[]): IdxSet {
  const names = files.map((f) => f.name).join(', ');
  if (files.length !== 4) throw new IdxFilesError('the files', `expected four IDX files (training images and labels, test images and labels); got ${files.length}${files.length ? `: ${names}` : ''}`);
  const images = files.filter((f) => f.kind === 'images');
  const labels = files.filter((f) => f.kind === 'labels');
  if (images.length !== 2) throw new IdxFilesError('the files', `expected two images files and two labels files; got ${images.length} images and ${labels.length} labels (${names})`);
  const [a, b] = images as [IdxFile, IdxFile];
  const aFirst = a.count !== b.count ? a.count > b.count : trainLike(a.name) || testLike(b.name);
  const [trainImages, testImages] = aFirst ? [a, b] : [b, a];
  const [la, lb] = labels as [IdxFile, IdxFile];
  const fits = (l: IdxFile, i: IdxFile) => l.count === i.count;
  let pair: [IdxFile, IdxFile];
  if (fits(la, trainImages) && fits(lb, testImages) && !(fits(lb, trainImages) && fits(la, testImages) && trainLike(lb.name))) pair = [la, lb];
  else if (fits(lb, trainImages) && fits(la, testImages)) pair = [lb, la];
  else {
    // Say which counts disagree, naming the labels file that is closest to each images file by name.
    const byName = trainLike(lb.name) || testLike(la.name) ? [lb, la] : [la, lb];
    const [trL, teL] = byName as [IdxFile, IdxFile];
    const bad = trL.count !== trainImages.count ? [trL, trainImages] : [teL, testImages];
    throw new IdxFilesError(bad[0]!.name, `has ${plural(bad[0]!.count, 'label')} but ${bad[1]!.name} has ${plural(bad[1]!.count, 'image')}: the counts of an images file and its labels must agree`);
  }
  return { trainImages, testImages, trainLabels: pair[0], testLabels: pair[1] };
}

/** Identifies the four files by header and count, without checking their contents. */
export async function identifyIdxFiles(files: readonly GivenFile[]): Promise<IdxSet> {
  return assign(await Promise.all(files.map(readIdxFile)));
}

/** Labels as given, checked against MAX_CLASSES; a set labelled 1…K with no 0 (EMNIST letters) is shifted to 0…K−1. */
function checkedLabels(set: IdxSet): { train: Uint8Array; test: Uint8Array; numClasses: number } {
  const parse = (f: IdxFile) => {
    try {
      return parseIdxLabels(f.raw, f.name, f.count, MAX_CLASSES);
    } catch (e) {
      throw new IdxFilesError(f.name, messageOf(e, f.name));
    }
  };
  let train = parse(set.trainLabels);
  let test = parse(set.testLabels);
  let min = 255;
  let max = 0;
  for (const l of [train, test])
    for (let i = 0; i < l.length; i++) {
      min = Math.min(min, l[i]!);
      max = Math.max(max, l[i]!);
    }
  const shifted = min === 1;
  if (shifted) {
    train = train.map((y) => y - 1);
    test = test.map((y) => y - 1);
    max -= 1;
  }
  const numClasses = max + 1;
  if (numClasses < MIN_CLASSES) throw new IdxFilesError(set.trainLabels.name, `every image has the same label: at least ${MIN_CLASSES} classes are needed`);
  return { train, test, numClasses };
}

/** A parse error's message without the file name the parser put first (the error names it again). */
const messageOf = (e: unknown, file: string) => (e instanceof Error ? e.message : String(e)).replace(`${file}: `, '');

function images(f: IdxFile): Uint8Array {
  try {
    return parseIdxImages(f.raw, f.name, f.count).pixels;
  } catch (e) {
    if (e instanceof IdxFormatError) throw new IdxFilesError(f.name, messageOf(e, f.name));
    throw e;
  }
}

/**
 * Loads a dataset from four IDX files: every fault is an IdxFilesError naming the file. Known sets (by SHA-256) get their
 * names; any other set 'custom-<hex>' and "class k" names, or `classNames` when the user gave one per class.
 */
/** Each side × side image turned about its diagonal: EMNIST stores its images column by column. */
export function transposeImages(pixels: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const n = side * side;
  for (let k = 0; k < pixels.length; k += n) for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out[k + c * side + r] = pixels[k + r * side + c]!;
  return out;
}

export async function loadIdxFiles(files: readonly GivenFile[], classNames?: readonly string[], opts: { transposed?: boolean } = {}): Promise<LoadedDataset> {
  const set = await identifyIdxFiles(files);
  const turn = (p: Uint8Array) => (opts.transposed ? transposeImages(p, IMAGE_SIDE) : p);
  const trainPixels = turn(images(set.trainImages));
  const testPixels = turn(images(set.testImages));
  const labels = checkedLabels(set);
  const roles = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
  const [rawHashes, givenHashes] = await Promise.all([Promise.all(roles.map((r) => sha256Hex(set[r].raw))), Promise.all(roles.map((r) => sha256Hex(set[r].given)))]);
  const sha256: FileHashes = { trainImages: rawHashes[0]!, trainLabels: rawHashes[1]!, testImages: rawHashes[2]!, testLabels: rawHashes[3]! };
  const known = knownDatasetFor([...rawHashes, ...givenHashes]);
  const numClasses = labels.numClasses;
  const norm = known?.norm ?? normalisationOf(trainPixels);
  const spec: DatasetSpec = {
    // Turned images are another dataset to a model: its files must not load on the same files unturned.
    id: `${known?.id ?? customId(sha256)}${opts.transposed ? '-transposed' : ''}`,
    name: known?.name ?? 'Your dataset',
    classNames: classNames?.length === numClasses ? [...classNames] : known && known.classNames.length === numClasses ? [...known.classNames] : genericClassNames(numClasses),
    imageSide: IMAGE_SIDE,
    mean: norm.mean,
    std: norm.std,
    counts: { train: set.trainImages.count, test: set.testImages.count },
    source: 'files',
    ...(opts.transposed ? { transposed: true } : {}),
    sha256,
  };
  const split = (s: Split, pixels: Uint8Array, l: Uint8Array): IdxSplit => ({ split: s, count: l.length, pixels, labels: l, norm });
  return {
    spec,
    train: split('train', trainPixels, labels.train),
    test: split('test', testPixels, labels.test),
    bytes: files.reduce((s, f) => s + f.bytes.byteLength, 0),
  };
}
