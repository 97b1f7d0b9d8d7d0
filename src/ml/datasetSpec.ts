/** What a dataset is, as one value: its names, image size, normalisation and split sizes. The model, the page and every file derive their facts from it. */

/** The fewest and most classes a dataset may have (EMNIST ByClass has 62). */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 62;

/** The image side the model is built for; other sizes are refused with a message. */
export const IMAGE_SIDE = 28;

export type DatasetSource = 'bundled' | 'files';

export interface DatasetSpec {
  /** 'mnist', 'fashion-mnist', … for known sets; 'custom-<hex>' for any other. */
  readonly id: string;
  readonly name: string;
  /** One name per class, in label order: its length is the number of classes. */
  readonly classNames: readonly string[];
  /** Rows = columns, one channel. */
  readonly imageSide: number;
  /** Of pixel/255 over the training images: x = (pixel/255 − mean) / std. */
  readonly mean: number;
  readonly std: number;
  readonly counts: { readonly train: number; readonly test: number };
  readonly source: DatasetSource;
  /** Its files store each image transposed (EMNIST), turned back on loading. */
  readonly transposed?: boolean;
  /** SHA-256 of the four raw (uncompressed) IDX files. */
  readonly sha256: { readonly trainImages: string; readonly trainLabels: string; readonly testImages: string; readonly testLabels: string };
}

export const numClassesOf = (d: Pick<DatasetSpec, 'classNames'>): number => d.classNames.length;
export const pixelsOf = (d: Pick<DatasetSpec, 'imageSide'>): number => d.imageSide * d.imageSide;

/** MNIST, bundled in public/mnist; mean and std are the reference implementation's (not recomputed, so MNIST trains bit for bit as before). */
export const MNIST: DatasetSpec = {
  id: 'mnist',
  name: 'MNIST',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  imageSide: IMAGE_SIDE,
  mean: 0.1307,
  std: 0.3081,
  counts: { train: 60000, test: 10000 },
  source: 'bundled',
  sha256: {
    trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
  },
};
