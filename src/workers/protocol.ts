/** The one message protocol between the page and the training worker. Both sides import types only. */
import type { BackendDecision, BackendWhy } from '../ml/backend';
import type { BackendName, Hyper, RunConfig, RunOverride, Variant } from '../ml/config';
import type { LossKind } from '../ml/losses/registry';
import type { EvalMetrics } from '../ml/metrics';
import type { Packed } from '../ml/bufferPack';
import type { DatasetSpec } from '../ml/datasetSpec';

/** Where the data comes from: the bundled MNIST (at `dataUrl`), or the four IDX files the user dropped (any names, raw or
 * gzipped, any order: the worker tells them apart by magic number and count) with the class names the user chose, if any. */
/** transposed: each image is stored column by column (EMNIST's files), and is turned back before training. */
export type DataSource = { kind: 'bundled' } | { kind: 'files'; files: { name: string; bytes: ArrayBuffer }[]; classNames?: string[]; transposed?: boolean };

export type UiToWorker =
  /** `resume`: build from this save rather than afresh (a restarted worker). */
  | { type: 'init'; dataUrl: string; data: DataSource; config: RunConfig; resume?: { id: number; save: Packed } }
  /** Swap the data: only if every file is valid, then fresh runs for it ('dataset', 'ready'); else an 'error' (code 'data') and nothing changes. */
  | { type: 'setDataset'; id: number; data: DataSource }
  /** The user renamed the classes: the worker re-sends 'dataset'. */
  | { type: 'setClassNames'; names: string[] }
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'step'; n: number }
  | { type: 'reset'; config: RunConfig }
  | { type: 'setHyper'; id: number; patch: Partial<Hyper> }
  | { type: 'exportWeights'; id: number }
  | { type: 'importWeights'; id: number; json: string }
  /** Go back to the last good weights after a divergence. */
  | { type: 'restore' }
  /** Embed one drawn digit (784 bytes as in MNIST, 0 = background) in every run with the live weights. */
  | { type: 'probe'; id: number; pixels: Uint8Array }
  /** The complete state of every run, for an autosave. */
  | { type: 'checkpoint'; id: number }
  /** Continue a saved session (a SavedSession, packed) exactly where it stopped. */
  | { type: 'resume'; id: number; save: Packed }
  /** Provoke a fault the browser cannot be made to raise on demand (tests, the soak). */
  | { type: 'fault'; fault: FaultKind }
  /** Answered at once, outside the message queue: a worker that does not answer is blocked (start-up watchdog). */
  | { type: 'ping'; id: number };

/** 'device-lost': the GPU device or WebGL context goes (WebGL: a real loss, via WEBGL_lose_context); 'crash': an uncaught error kills the worker. */
export type FaultKind = 'device-lost' | 'crash';

/** One of the runs trained in lockstep: "run0" … "run5", in the order they are drawn. */
export type RunId = `run${number}`;

/** A run as the page needs to know it. */
export interface RunInfo {
  id: RunId;
  /** Its loss head: the shared one unless its overrides name another. */
  loss: LossKind;
  /** What it sets on top of the shared settings. */
  overrides: RunOverride;
  lambda: number;
  /** Its λ follows the λ control (a run that sets no λ of its own: the single run, compare mode's center-loss run); a sweep fixes every λ. */
  followsLambda: boolean;
  /** What sets it apart, in words (runTitle): "Softmax only", "Softmax + center loss (λ = 0.1)", "ArcFace s = 10, m = 0.5". */
  title: string;
}

export interface BackendInfo {
  backend: BackendName;
  /** Why it was chosen, and what the probe saw: the page words it. */
  why: BackendWhy;
  seen: BackendDecision['seen'];
  adapter: string | null;
  realGpu: boolean;
  variant: Variant;
  parameters: number;
  /** Threads the backend computes on: wasm's pthread pool when the page is cross-origin isolated, else 1. */
  threads: number;
}

export interface DatasetInfo {
  /** What the data is: its names, class names, counts, source and checksums. */
  spec: DatasetSpec;
  trainCount: number;
  testCount: number;
  trainClassCounts: number[];
  testClassCounts: number[];
  /** Compressed bytes downloaded. */
  bytes: number;
  loadMs: number;
  /** A few test digits for the page to show: count × 784 bytes, and their labels. */
  samplePixels: Uint8Array;
  sampleLabels: Uint8Array;
}

export interface ProgressReport {
  step: number;
  /** The run's λ over this window (the control can move it). */
  lambda: number;
  epoch: number;
  /** Position inside the epoch, 0..1. */
  epochProgress: number;
  lr: number;
  /** Means over the steps since the last report. */
  ce: number;
  centerLoss: number;
  centerLossPaper: number;
  /** λ · L_C, as it enters the total. */
  weightedCenterLoss: number;
  total: number;
  /** The last step's batch values. */
  batch: { ce: number; centerLoss: number; total: number };
  trainAccuracy: number;
  gradNorm: number;
  imagesPerSec: number;
  stepsPerReport: number;
  /** The worker's tfjs memory after the report's steps (the same for every run). */
  memory?: MemoryReport;
}

/** tf.memory() as the backend reports it; GPU bytes only where it counts them (webgl, webgpu). */
export interface MemoryReport {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
}

export interface ExportedFile {
  run: RunId;
  json: string;
  fileName: string;
}

/** Where one run puts a drawn digit, with the weights and centers of the same step. */
export interface ProbeResult {
  run: RunId;
  step: number;
  /** Its deep feature: featDim values. */
  feature: number[];
  /** Softmax over the ten digits. */
  probabilities: Float32Array;
  centers: Float32Array;
}

/** What went wrong; `detail` is the data behind it (a schema problem, an exception's message), which the page words (app/words.ts). */
export type ErrorCode = 'data' | 'start' | 'backend' | 'invalid-settings' | 'rejected-change' | 'invalid-file' | 'not-json-file' | 'not-weights-file' | 'not-ready' | 'nothing-to-export' | 'export' | 'invalid-save' | 'internal';

/** What the page does with its charts: 'new' starts them over; 'continues' keeps them (a lost device, resumed at the last step
 * reported); 'resumed' fills them from the save that request `id` sent. */
export type ReadyHistory = { kind: 'new' } | { kind: 'continues' } | { kind: 'resumed'; id: number };

export type RunStatus = 'loading' | 'idle' | 'running' | 'paused' | 'diverged';

export type WorkerToUi =
  /** After init, setDataset and setClassNames. */
  | { type: 'dataset'; info: DatasetInfo }
  /** A model is built and ready: sent after init, reset, import and a backend fallback. */
  | {
      type: 'ready';
      backend: BackendInfo;
      config: RunConfig;
      history: ReadyHistory;
      step: number;
      /** Epochs done, with the fraction of the current one: a loaded file's, or 0. */
      epoch: number;
      /** The eval subset, sent once per model: test indices, labels and raw pixels (n × 784). */
      evalIndices: Uint32Array;
      evalLabels: Uint8Array;
      evalPixels: Uint8Array;
      trainClassCounts: number[];
      runs: RunInfo[];
    }
  | { type: 'status'; status: RunStatus; step: number }
  | { type: 'progress'; run: RunId; report: ProgressReport }
  /** `classWeights`: fc2's weight rows (k × featDim), the class directions the angular view draws. */
  | { type: 'embedding'; run: RunId; step: number; features: Float32Array; predictions: Uint8Array; centers: Float32Array; classWeights: Float32Array }
  | { type: 'evalMetrics'; run: RunId; step: number; metrics: EvalMetrics }
  /** The features the last steps computed for their training digits (n × featDim), their labels and the centers after them: the live scatter. */
  | { type: 'trainFeatures'; run: RunId; step: number; features: Float32Array; labels: Uint8Array; centers: Float32Array }
  | { type: 'hyperApplied'; id: number; step: number; hyper: Hyper }
  /** While augmentation is on: the first digits of the last batch as the network saw them (normalised, n × pixels), for the strip. */
  | { type: 'augmented'; step: number; images: Float32Array; labels: Uint8Array }
  /** One file per run. */
  | { type: 'exported'; id: number; files: ExportedFile[] }
  | { type: 'imported'; id: number; step: number }
  | { type: 'error'; code: ErrorCode; detail: string; requestId?: number }
  /** A lost GPU device: training goes on on the next backend at resumedStep, the last step reported, recomputing `replayed` steps from a CPU copy. */
  | { type: 'fallback'; from: BackendName; to: BackendName; reason: string; resumedStep: number; replayed: number }
  /** Every run's SavedSession, packed, at `step` with these settings; `ms`: how long the worker spent copying and packing it. */
  | { type: 'checkpoint'; id: number; save: Packed; step: number; hyper: Hyper; ms: number }

  /** The worker sends numbers; the page words them. */
  | { type: 'diverged'; run: RunId; lambda: number; step: number; hyper: Hyper; lastGoodStep: number }
  /** The answer to a probe: one result per run. */
  | { type: 'probed'; id: number; results: ProbeResult[] }
  /** What start-up is doing now, said before each part that can take long: the page shows it if start-up is slow. */
  | { type: 'starting'; stage: StartStage }
  | { type: 'pong'; id: number }
  /** The worker built something other than the settings asked, and why: the page says so. */
  | { type: 'adjusted'; change: SettingsChange };

/** What the worker changed: the quick lesson without its start file (the fast preset instead), the start's feature dimension, or runs side by side trained one after the other. */
export type SettingsChange = { kind: 'start-missing'; detail: string } | { kind: 'start-feat-dim'; asked: number; got: number } | { kind: 'steppers-failed'; detail: string };

/** The parts of start-up: the MNIST download, then a backend (for wasm: its module and thread pool). */
export type StartStage = { part: 'data' } | { part: 'backend'; backend: BackendName };

/** Buffers to transfer rather than copy. */
export function transferables(msg: WorkerToUi): Transferable[] {
  switch (msg.type) {
    case 'embedding':
      return [msg.features.buffer, msg.predictions.buffer, msg.centers.buffer, msg.classWeights.buffer];
    case 'trainFeatures':
      return [msg.features.buffer, msg.labels.buffer, msg.centers.buffer];
    case 'augmented':
      return [msg.images.buffer, msg.labels.buffer];
    case 'ready':
      return [msg.evalIndices.buffer, msg.evalLabels.buffer, msg.evalPixels.buffer];
    case 'dataset':
      return [msg.info.samplePixels.buffer, msg.info.sampleLabels.buffer];
    case 'checkpoint':
      // The page keeps the save as it came: megabytes moved, not copied.
      return [msg.save.buffer];
    default:
      return [];
  }
}
