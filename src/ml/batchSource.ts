/** A run's batches: the sampler's indices, their images as the network sees them (augmented on the CPU, or gathered on the device), and the last batch for the page. */
import * as tf from '@tensorflow/tfjs';
import { augmentBatch, augmentOf, augments, type Augment } from './augment';
import { GATHER_MNIST_IMAGES, GATHER_ONE_HOT, packPixels } from './backends/webgpuGatherBatch';
import type { Hyper } from './config';
import { IMAGE_SIDE } from './datasetSpec';
import { gatherImages, gatherLabels, normalizeInto, PIXELS, type MnistSplit } from './mnist';
import type { BatchSampler } from './sampler';

/** What a blank (0) pixel normalises to: the fill where an augmented image has no source. */
function backgroundValue(norm: MnistSplit['norm']): number {
  return normalizeInto(Uint8Array.of(0), new Float32Array(1), 0, norm)[0]!;
}

/** The training set on the GPU: pixels packed four to an int32, the byte → normalised value table, labels. */
export interface ResidentSet {
  backend: string;
  packed: tf.Tensor1D;
  table: tf.Tensor1D;
  labels: tf.Tensor1D;
}

/** Where the backend gathers batches from an uploaded training set (webgpu with our kernels); elsewhere the CPU is faster. */
function gathersOnDevice(backend: string): boolean {
  return backend === 'webgpu' && tf.getKernel(GATHER_MNIST_IMAGES, backend) !== undefined && tf.getKernel(GATHER_ONE_HOT, backend) !== undefined;
}

export class BatchSource {
  private resident: ResidentSet | null = null;
  /** The last batch's step, indices and augmentation: enough to show its images as the network saw them. */
  private lastBatch: { step: number; idx: Uint32Array; augment: Augment } | null = null;

  constructor(
    private readonly train: MnistSplit,
    private readonly numClasses: number,
    private readonly seed: number,
    private readonly sampler: BatchSampler,
  ) {}

  /** The next batch's indices, remembered as the last batch of `step`. */
  next(h: Hyper, step: number): Uint32Array {
    const idx = this.sampler.next(h.batchSize);
    this.lastBatch = { step, idx, augment: augmentOf(h) };
    return idx;
  }

  /** The training set uploaded once to the active backend, if it gathers batches there. */
  residentSet(): ResidentSet | null {
    const backend = tf.getBackend();
    if (this.resident?.backend === backend) return this.resident;
    this.dispose();
    if (!gathersOnDevice(backend)) return null;
    const table = new Float32Array(256);
    normalizeInto(Uint8Array.from(table.keys()), table, 0, this.train.norm);
    this.resident = {
      backend,
      packed: tf.tensor1d(packPixels(this.train.pixels.subarray(0, this.train.count * PIXELS)), 'int32'),
      table: tf.tensor1d(table),
      labels: tf.tensor1d(Int32Array.from(this.train.labels.subarray(0, this.train.count)), 'int32'),
    };
    return this.resident;
  }

  /** The batch's images and one-hot labels: gathered on the device from its indices, or on the CPU and uploaded. Call inside tf.tidy. */
  tensors(idx: Uint32Array, set: ResidentSet | null, h: Hyper, step: number): { x: tf.Tensor4D; oneHot: tf.Tensor2D } {
    const m = idx.length;
    // Augmented batches are warped on the CPU on every backend, so that every backend trains on the same images.
    if (set && !augments(augmentOf(h))) {
      const indices = tf.tensor1d(Int32Array.from(idx), 'int32');
      const x = tf.engine().runKernel(GATHER_MNIST_IMAGES, { packed: set.packed, table: set.table, indices }, { pixelsPerImage: PIXELS }) as tf.Tensor4D;
      const oneHot = tf.engine().runKernel(GATHER_ONE_HOT, { labels: set.labels, indices }, { numClasses: this.numClasses }) as tf.Tensor2D;
      return { x, oneHot };
    }
    const x = tf.tensor4d(this.images(idx, step, augmentOf(h)), [m, 28, 28, 1]);
    const oneHot = tf.oneHot(tf.tensor1d(gatherLabels(this.train, idx), 'int32'), this.numClasses).toFloat() as tf.Tensor2D;
    return { x, oneHot };
  }

  /** A batch's normalised images as the network sees them at `step`: augmented when the settings say so. */
  private images(idx: Uint32Array, step: number, a: Augment): Float32Array {
    const images = gatherImages(this.train, idx);
    if (augments(a)) augmentBatch(images, idx.length, IMAGE_SIDE, a, this.seed, step, backgroundValue(this.train.norm));
    return images;
  }

  /** The first `count` images of the last batch as the network saw them (normalised, augmented), with their labels; null before the first step. */
  lastBatchImages(count: number): { step: number; images: Float32Array; labels: Uint8Array } | null {
    if (!this.lastBatch) return null;
    const idx = this.lastBatch.idx.subarray(0, count);
    return { step: this.lastBatch.step, images: this.images(idx, this.lastBatch.step, this.lastBatch.augment), labels: Uint8Array.from(gatherLabels(this.train, idx)) };
  }

  /** Releases the uploaded set (a backend switch uploads it again). */
  dispose(): void {
    if (this.resident) tf.dispose([this.resident.packed, this.resident.table, this.resident.labels]);
    this.resident = null;
  }
}
