/**
 * The loss seam. A loss head is described by a row (LossHead: plain data and numbers, no tensors, read by the page and the worker)
 * and computed by a module (LossMath: tensors, read by the trainer, the gradient check and the weights file).
 */
import type * as tf from '@tensorflow/tfjs';
import type { Hyper } from '../config';
import type { LossKind, LossParamKey } from './registry';

export type { LossKind, LossParamKey } from './registry';

/** The parts of a loss the charts draw, beside the total: the cross-entropy of the (margin) logits, and center loss's L_C. */
export type LossPart = 'ce' | 'centerLoss';

/** How a loss parameter is set on the page: a linear or log slider over its range, a select of its values, or a number field. */
export type LossParamControl =
  | { kind: 'slider'; scale: 'linear'; step: number }
  | { kind: 'slider'; scale: 'log0'; min: number }
  | { kind: 'select'; options: readonly number[] }
  | { kind: 'number' };

/**
 * One of a loss head's own parameters, declared once in its registry row: the hyper-parameter schema (config.ts), the settings
 * table (URL key, CLI flag, control, validation) and the weights file all read it. Absent from a setting, it is `absent`.
 */
export interface LossParamSpec {
  /** In a validation message: "ArcFace s must be between 1 and 64". */
  name: string;
  label: string;
  /** In a sentence or a chart marker: "s", "m". */
  short: string;
  help: string;
  /** Key in the URL hash. */
  url: string;
  /** `npm run train` flag, without --. */
  cli: string;
  min: number;
  max: number;
  integer: boolean;
  /** The value where a setting or a file leaves the parameter out. */
  absent: number;
  control: LossParamControl;
}

/** A registry row: what the page, the CLI and the files know of a loss without computing it. */
export interface LossHead {
  kind: LossKind;
  /** "Softmax", "Center loss", "SphereFace", "CosFace", "ArcFace". */
  label: string;
  /** The Hyper keys it reads, in the order a title names them. */
  params: readonly LossParamKey[];
  /** The values of its optional params where a setting leaves them out. */
  defaults: Partial<Pick<Hyper, LossParamKey>>;
  /** The parts it reports beside the total. */
  parts: readonly LossPart[];
  /** It keeps class centers (its state) and the weights file records them. */
  usesCenters: boolean;
  /** Its logits are cosines against the normalised fc2 rows: the direction is the lesson (rays, wedges, the unit circle). */
  angular: boolean;
  /** It trains with a 2-D feature; where it does not the page says so and defaults to 3-D. */
  trainsIn2D: boolean;
  /** The half-width in radians of the margin wedge around each class's weight at a step, or null where the head has none. */
  marginAt(hyper: Hyper, step: number): number | null;
  /** A run's title, the one every panel, legend and CLI line uses: the loss and its own parameters ("ArcFace s = 10, m = 0.5", "Softmax + center loss (λ = 1)"). */
  describe(hyper: Hyper): string;
  /** What to watch for in its panel, in its own terms; `many`: "the digits" or "the classes", `one`: "digit" or "class". */
  lookFor(many: string, one: string): string;
}

/** What a loss is computed from: the batch's deep features, fc2 (tfjs layout [d, C]) and the labels; centers where the head uses them. */
export interface LossInput {
  features: tf.Tensor2D;
  weight: tf.Tensor2D;
  /** fc2's bias, where the model has one (the angular heads leave it out of their logits). */
  bias: tf.Tensor1D | null;
  oneHot: tf.Tensor2D;
  centers: tf.Tensor2D | null;
  hyper: Hyper;
  /** The training step, from 0: margin ramps and annealing read it. */
  step: number;
}

export interface LossOutput {
  total: tf.Scalar;
  /** Each of the head's parts (LossHead.parts). */
  parts: Partial<Record<LossPart, tf.Scalar>>;
  /** The logits the loss used, after the margin: what the cross-entropy saw. */
  logits: tf.Tensor2D;
}

/** A loss head's computation. Every function is differentiable tfjs and runs inside the caller's tidy. */
export interface LossMath {
  kind: LossKind;
  /** The logits the app reports and classifies by (no margin): fc2's for softmax and center loss, the scaled cosines for the angular heads. */
  logits(features: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | null, hyper: Hyper): tf.Tensor2D;
  loss(input: LossInput): LossOutput;
  /** The head's state after a step, from the features of that step's forward pass (center loss: the centers); absent for heads without state. */
  updateCenters?(features: tf.Tensor2D, centers: tf.Tensor2D, oneHot: tf.Tensor2D, hyper: Hyper): tf.Tensor2D;
}
