/** The app's state, in slices, usable outside React. Fast series and embeddings live elsewhere (series.ts, embedding.ts). */
import { createStore, useStore } from 'zustand';
import type { RunConfig } from '../../ml/config';
import type { EvalMetrics } from '../../ml/metrics';
import type { TrainingPhase } from '../../ml/phase';
import type { BackendInfo, DatasetInfo, ProbeResult, ProgressReport, RunInfo, RunStatus } from '../../workers/protocol';
import { runInfos } from '../../workers/runs';
import { emptyRate, type RateWindow } from './rate';

export type NoticeKind = 'error' | 'warning' | 'info';
export interface Notice {
  id: number;
  kind: NoticeKind;
  message: string;
  /** Offer a Restore button (after a divergence). */
  restore?: boolean;
  /** The technical detail, shown folded under the plain message. */
  detail?: string;
}

/** Files sent to the worker and not yet loaded: being checked, or refused with the worker's message (which names the file). */
export interface DatasetRequest {
  id: number;
  files: string[];
  status: 'checking' | 'failed';
  message: string | null;
}

interface DataSlice {
  dataset: DatasetInfo | null;
  datasetRequest: DatasetRequest | null;
  dataError: string | null;
  /** While start-up is slow: what it waits for (src/app/startup.ts). */
  startupNote: string | null;
}

/** What one run shows: every figure derived from it lives here, so a new model replaces them all at once. */
export interface RunSlice extends RunInfo {
  progress: ProgressReport | null;
  metrics: EvalMetrics | null;
  /** What the run's features are doing now, from its latest metrics: the caption under its panel. */
  phase: TrainingPhase | null;
}

interface TrainingSlice {
  config: RunConfig;
  backend: BackendInfo | null;
  status: RunStatus;
  step: number;
  /** Epochs done, with the fraction of the current one. */
  epoch: number;
  /** The runs the worker trains, in the order they are drawn. */
  runs: RunSlice[];
  trainClassCounts: number[] | null;
  /** The last hyper-parameter change the worker confirmed. */
  applied: { id: number; step: number } | null;
  /** Messages about the model being replaced are dropped until the worker says the new one is ready. */
  awaitingReady: boolean;
  /** Counts models shown: the views reset their zoom when it changes. */
  generation: number;
  /** Wall-clock images per second of the first run. */
  rate: RateWindow;
  /** The first digits of the last batch as the network saw them, while augmentation is on. */
  augmented: { step: number; images: Float32Array; labels: Uint8Array } | null;
}

/** An earlier visit's save, offered until the teacher resumes it or starts fresh. */
export interface ResumeOffer {
  step: number;
  /** "step 420 · slim · λ 0 vs 1 · seed 1" */
  summary: string;
  savedAt: number;
}

/** The last autosave written, and what it cost: the worker's copy and the page's synchronous clone, ms. */
export interface AutosaveStatus {
  step: number;
  savedAt: number;
  workerMs: number;
  pageMs: number;
}

interface SaveSlice {
  resumeOffer: ResumeOffer | null;
  autosave: AutosaveStatus | null;
}

interface NoticeSlice {
  notices: Notice[];
  nextNoticeId: number;
  /** Polite announcements for screen readers. */
  announcement: string;
}

/** Where the pad's drawing lands in every run. */
export interface ProbeState {
  results: ProbeResult[];
  /** From the pen's move to the answer's arrival, ms. */
  latencyMs: number;
}

/** Which digits a scatter draws: the training digits as the last steps computed them (live), or the embedded test digits. */
export type ScatterPoints = 'train' | 'test';

/** How the scatters are viewed: kept in the store so that presentation mode, which mounts its own, keeps them. */
export interface ScatterOptions {
  points: ScatterPoints;
  /** One domain for every panel. */
  sameScale: boolean;
  /** Follow the data; off, the axes stay. */
  autoFit: boolean;
  /** The one class drawn strongly, or null. */
  isolated: number | null;
  /** Angular runs: each class's weight direction as a ray, with its margin as a wedge. */
  rays: boolean;
  /** Every feature scaled to length 1: on the unit circle (2-D) or sphere (3-D) only directions remain. */
  unit: boolean;
}

interface ViewSlice {
  /** Presentation mode: the scatters fill the screen in large type. */
  present: boolean;
  scatter: ScatterOptions;
  /** Open-set threshold in each run's typical distances (mean known-digit distance to the nearest center): the panel, the rings and the pad share it. */
  openSetScale: number;
  /** The drawn digit's place in every run; null when the pad is clear. */
  probe: ProbeState | null;
  /** A test digit picked in a scatter for the pad to load; seq tells a second pick of the same digit apart. */
  padDigit: { pixels: Uint8Array; seq: number } | null;
  /** The step the scatters replay from the history; null: live. */
  replayStep: number | null;
  /** The step of a weights file just loaded (its curves are not in the file); null for a model trained here. */
  loadedAt: number | null;
}

export type AppState = DataSlice & TrainingSlice & NoticeSlice & ViewSlice & SaveSlice;

export const emptyRun = (info: RunInfo): RunSlice => ({ ...info, progress: null, metrics: null, phase: null });

export function initialState(config: RunConfig, present = false): AppState {
  return {
    dataset: null,
    datasetRequest: null,
    dataError: null,
    startupNote: null,
    config,
    backend: null,
    status: 'loading',
    step: 0,
    epoch: 0,
    runs: runInfos(config).map(emptyRun),
    trainClassCounts: null,
    applied: null,
    awaitingReady: false,
    generation: 0,
    rate: emptyRate(),
    augmented: null,
    notices: [],
    nextNoticeId: 1,
    announcement: '',
    present,
    // Each panel fitted to its own run; a held-out digit is never trained on, so only the test digits show it.
    scatter: { points: config.heldOutClass === null ? 'train' : 'test', sameScale: false, autoFit: true, isolated: null, rays: true, unit: false },
    openSetScale: 2,
    probe: null,
    padDigit: null,
    replayStep: null,
    loadedAt: null,
    resumeOffer: null,
    autosave: null,
  };
}

export function createAppStore(config: RunConfig, present = false) {
  return createStore<AppState>()(() => initialState(config, present));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The run the λ control drives (else the last): the one the formulas and single-run panels show. All runs share the step. */
export const mainRun = (s: Pick<AppState, 'runs'>): RunSlice => s.runs.find((r) => r.followsLambda) ?? s.runs[s.runs.length - 1]!;

export function useApp<T>(store: AppStore, select: (s: AppState) => T): T {
  return useStore(store, select);
}
