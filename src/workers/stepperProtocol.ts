/** The protocol between the training worker's session and its steppers: workers that each take one run's training steps. Types only, and their transferables. */
import type { Hyper } from '../ml/config';
import type { IdxSplit } from '../ml/idx';
import type { ModelSpec } from '../ml/lenetpp';
import type { TrainerCopy, WindowStats } from '../ml/trainer';
import type { TrainingFeatures } from './liveCapture';

/** tfjs-wasm's threaded build (faster, but its pool workers are nested workers that can hang at their start in Firefox), or its single-threaded one. */
export type WasmBuild = 'threaded' | 'single';

/** What a run is built from, beside its state: a stepper rebuilds its trainer only when this changes. */
export interface StepRecipe {
  spec: ModelSpec;
  hyper: Hyper;
  seed: number;
  heldOutClass: number | null;
}

export type SessionToStepper =
  /** The wasm build and threads this stepper's backend uses: the first message, once. */
  | { type: 'setup'; threads: number; build: WasmBuild }
  /** The training split the runs draw their batches from, once per dataset. */
  | { type: 'data'; train: IdxSplit }
  /** n steps of the run from `start`, or on from the stepper's own state at `fromStep` (start null); the answer carries the state after them. */
  | { type: 'steps'; seq: number; recipe: StepRecipe; start: TrainerCopy | null; fromStep: number; n: number };

/** The last batch's first digits as the network saw them (augmentation on). */
export interface AugmentedDigits {
  step: number;
  images: Float32Array;
  labels: Uint8Array;
}

export type StepperToSession =
  /** Its backend started (error null), or could not (in words): the answer to 'setup'. */
  | { type: 'started'; error: string | null }
  /** ms: how long the steps took the stepper, whenever the session takes them. */
  | { type: 'stepped'; seq: number; stats: WindowStats; live: TrainingFeatures | null; augmented: AugmentedDigits | null; state: TrainerCopy; ms: number }
  /** The steps could not be taken (the backend did not start, a kernel threw): the session steps the run itself. */
  | { type: 'failed'; seq: number; detail: string };

/** A state's buffers, moved rather than copied. */
function movedBuffers(c: TrainerCopy): ArrayBufferLike[] {
  return [...c.params.values(), ...Object.values(c.optimizer.buffers).flatMap((b) => Object.values(b ?? {})), c.centers].map((a) => a.buffer);
}

export function stepperTransferables(msg: SessionToStepper | StepperToSession): Transferable[] {
  switch (msg.type) {
    case 'steps':
      return msg.start ? (movedBuffers(msg.start) as Transferable[]) : [];
    case 'stepped':
      return [...movedBuffers(msg.state), ...(msg.live ? [msg.live.features.buffer, msg.live.labels.buffer, msg.live.centers.buffer] : []), ...(msg.augmented ? [msg.augmented.images.buffer, msg.augmented.labels.buffer] : [])] as Transferable[];
    case 'setup':
    case 'data':
    case 'started':
    case 'failed':
      return [];
    default: {
      const never: never = msg;
      throw new Error(`unknown stepper message ${JSON.stringify(never)}`);
    }
  }
}
