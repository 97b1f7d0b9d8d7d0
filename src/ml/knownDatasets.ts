/** Datasets recognised by checksum, with their names and class names; any other set is 'custom-<hex>' with "class k" names. */
import { MNIST, type DatasetSpec } from './datasetSpec';

export interface KnownDataset {
  id: string;
  name: string;
  classNames: readonly string[];
  /** Fixed normalisation (MNIST keeps the reference's); others use their training set's. */
  norm?: { mean: number; std: number };
  /** SHA-256 of each of the four files (train images, train labels, test images, test labels), raw or gzipped as published: a set is known when every file matches one form. */
  files: ReadonlyArray<readonly string[]>;
}

/** Hex digests of the four raw files, as DatasetSpec keeps them. */
export type FileHashes = DatasetSpec['sha256'];

export const KNOWN_DATASETS: readonly KnownDataset[] = [
  {
    id: MNIST.id,
    name: MNIST.name,
    classNames: MNIST.classNames,
    norm: { mean: MNIST.mean, std: MNIST.std },
    files: [
      [MNIST.sha256.trainImages],
      [MNIST.sha256.trainLabels],
      [MNIST.sha256.testImages],
      [MNIST.sha256.testLabels],
    ],
  },
  {
    // Computed from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), the files of zalandoresearch/fashion-mnist.
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    files: [
      ['c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888', 'b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7'],
      ['bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9', '0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056'],
      ['5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b', 'cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa'],
      ['0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34', '8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05'],
    ],
  },
  {
    // The gzipped files' published SHA-256 (rois-codh/kmnist, as torchvision's mirrors list them); raw digests are not published.
    id: 'kmnist',
    name: 'KMNIST',
    classNames: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
    files: [
      ['51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4'],
      ['e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17'],
      ['edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5'],
      ['20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c'],
    ],
  },
];

/** The known dataset whose four files all appear among these digests (raw or as given), if any. */
export function knownDatasetFor(sha256s: readonly string[]): KnownDataset | undefined {
  const have = new Set(sha256s.map((h) => h.toLowerCase()));
  return KNOWN_DATASETS.find((d) => d.files.every((forms) => forms.some((h) => have.has(h))));
}

/** "class 0", "class 1", … for a set nobody named. */
export const genericClassNames = (numClasses: number): string[] => Array.from({ length: numClasses }, (_, k) => `class ${k}`);

/** A stable id for an unknown set: 'custom-' and the first 12 hex digits of its training images' SHA-256. */
export const customId = (hashes: FileHashes): string => `custom-${hashes.trainImages.slice(0, 12)}`;
