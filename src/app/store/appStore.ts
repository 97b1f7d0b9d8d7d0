/** The app's state, in slices, usable outside React. Fast series and embeddings live elsewhere (series.ts, embedding.ts). */
import { createStore, useStore } from 'zustand';
import type { RunConfig } from '../../ml/config';
import type { EvalMetrics } from '../../ml/metrics';
import type { BackendInfo, DatasetInfo, ProgressReport, RunId, RunStatus } from '../../workers/protocol';

export type NoticeKind = 'error' | 'warning' | 'info';
export interface Notice {
  id: number;
  kind: NoticeKind;
  message: string;
  /** Offer a Restore button (after a divergence). */
  restore?: boolean;
}

interface DataSlice {
  dataset: DatasetInfo | null;
  dataError: string | null;
}

interface RunSlice {
  config: RunConfig;
  backend: BackendInfo | null;
  status: RunStatus;
  step: number;
  progress: ProgressReport | null;
  metrics: EvalMetrics | null;
  trainClassCounts: number[] | null;
  /** The last hyper-parameter change the worker confirmed. */
  applied: { id: number; step: number } | null;
  /** The runs the worker trains: main alone, or main and its softmax-only twin. */
  runs: RunId[];
  /** The softmax-only twin's latest report and metrics, in compare mode. */
  twin: { progress: ProgressReport | null; metrics: EvalMetrics | null };
}

interface NoticeSlice {
  notices: Notice[];
  /** Polite announcements for screen readers. */
  announcement: string;
}

export type AppState = DataSlice & RunSlice & NoticeSlice;

let noticeId = 0;

export function createAppStore(config: RunConfig) {
  return createStore<AppState>()(() => ({
    dataset: null,
    dataError: null,
    config,
    backend: null,
    status: 'loading',
    step: 0,
    progress: null,
    metrics: null,
    trainClassCounts: null,
    applied: null,
    runs: ['main'],
    twin: { progress: null, metrics: null },
    notices: [],
    announcement: '',
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export function addNotice(store: AppStore, kind: NoticeKind, message: string, restore = false): void {
  const notice: Notice = { id: ++noticeId, kind, message, ...(restore ? { restore } : {}) };
  store.setState((s) => ({ notices: [...s.notices.filter((n) => n.message !== message), notice].slice(-5) }));
}

export function dismissNotice(store: AppStore, id: number): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function useApp<T>(store: AppStore, select: (s: AppState) => T): T {
  return useStore(store, select);
}
