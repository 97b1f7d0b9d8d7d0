/** What the page is shown of training as it happens: each step's training features (the live scatter) and the last batch's digits as the network saw them. */
import * as tf from '@tensorflow/tfjs';
import { augmentOf, augments } from '../ml/augment';
import type { FeatureSink, Trainer } from '../ml/trainer';

/** Training features each run keeps for the live scatter between two reports: about the page's window. */
export const LIVE_POINTS = 1000;
/** Digits of the last batch shown in the augmentation strip. */
export const AUGMENTED_SHOWN = 8;

/** Features of the batches trained since the last read, for the live scatter: n × featDim, n labels, the centers after them. */
export interface TrainingFeatures {
  step: number;
  features: Float32Array;
  labels: Uint8Array;
  centers: Float32Array;
}

/** Keeps one run's training features as its steps computed them (no second forward pass), on the device until a report reads them. */
export class LiveCapture implements FeatureSink {
  /** Oldest first. */
  private kept: Array<{ features: tf.Tensor2D; labels: Uint8Array }> = [];
  private points = 0;

  constructor(
    private readonly trainer: Trainer,
    private readonly capacity = LIVE_POINTS,
  ) {
    trainer.featureSink = this;
  }

  /** A step's features, now owned here; the oldest steps past the capacity are dropped. */
  take(features: tf.Tensor2D, labels: Uint8Array): void {
    this.kept.push({ features, labels });
    this.points += labels.length;
    while (this.kept.length > 1 && this.points - this.kept[0]!.labels.length >= this.capacity) {
      const old = this.kept.shift()!;
      this.points -= old.labels.length;
      old.features.dispose();
    }
  }

  /** The features kept since the last read, their labels and the centers now: one readback. */
  async read(): Promise<TrainingFeatures | null> {
    if (this.kept.length === 0) return null;
    const batches = this.kept;
    this.kept = [];
    this.points = 0;
    const joined = batches.length === 1 ? batches[0]!.features : tf.concat(batches.map((b) => b.features), 0);
    try {
      const [features, centers] = await Promise.all([joined.data(), this.trainer.readCenters()]);
      const labels = new Uint8Array(batches.reduce((n, b) => n + b.labels.length, 0));
      let at = 0;
      for (const b of batches) {
        labels.set(b.labels, at);
        at += b.labels.length;
      }
      return { step: this.trainer.step, features: features as Float32Array, labels, centers: centers.slice() };
    } finally {
      if (joined !== batches[0]!.features) joined.dispose();
      for (const b of batches) b.features.dispose();
    }
  }

  /** Drops what is kept (weights restored: those steps are undone). */
  clear(): void {
    for (const b of this.kept) b.features.dispose();
    this.kept = [];
    this.points = 0;
  }

  /** Drops what is kept and stops taking: the trainer releases its features with each step again. */
  dispose(): void {
    this.clear();
    if (this.trainer.featureSink === this) this.trainer.featureSink = null;
  }
}

/** The first digits of the last batch as the network saw them, where augmentation changes them; null otherwise and before the first step. */
export function augmentedDigits(trainer: Trainer, count = AUGMENTED_SHOWN): { step: number; images: Float32Array; labels: Uint8Array } | null {
  return augments(augmentOf(trainer.hyper)) ? trainer.batches.lastBatchImages(count) : null;
}
