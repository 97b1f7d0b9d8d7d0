/** Connects the worker to the store: applies messages through the pure reducer, once per frame, and exposes the actions. */
import type { Hyper, RunConfig } from '../ml/config';
import { SETTINGS, settingByName } from '../ml/settings';
import { createWorkerClient, type WorkerClient } from '../workers/client';
import type { DataSource, ExportedFile, FaultKind, WorkerToUi } from '../workers/protocol';
import { memoryDataSlot, type DataSlot, type FilesSource } from './dataFiles';
import { Autosaver, AUTOSAVE_MS } from './autosave/autosaver';
import { indexedDbSlot, memorySlot, type SaveSlot } from './autosave/storage';
import { pacedFlush, requestFrame, requestRedraw } from './charts/frames';
import { PING_MS, StartupWatch } from './startup';
import { errorMessage } from './words';
import type { AppState, AppStore, ScatterOptions } from './store/appStore';
import { pushSnapshot, setEvalSet } from './store/embedding';
import { pushLive } from './store/live';
import { clearErrors, withNotice, withoutNotice } from './store/notices';
import { accepts, reduce, resetRequested } from './store/reduce';
import { clearMarkers, clearSeries, pushMarker } from './store/series';
import { toHash } from './store/urlState';
import { viewOf, type Views } from './views';

export interface Actions {
  start(): void;
  pause(): void;
  toggle(): void;
  stepOnce(): void;
  reset(config?: RunConfig): void;
  /** The quick lesson: compare mode from the shipped softmax-trained start, training as soon as it is built. */
  quickLesson(): void;
  setHyper(patch: Partial<Hyper>): void;
  exportWeights(): Promise<ExportedFile[]>;
  importWeights(json: string): void;
  restore(): void;
  setPresent(on: boolean): void;
  setScatter(patch: Partial<ScatterOptions>): void;
  setOpenSetScale(scale: number): void;
  /** Where a drawn digit (784 MNIST bytes) lands; `at` is when the stroke that made it moved (performance.now()). */
  probe(pixels: Uint8Array, at: number): void;
  clearProbe(): void;
  /** "Use a test digit": the pad loads these pixels. */
  pickTestDigit(pixels: Uint8Array): void;
  /** Replay the scatters at this step; null: live. */
  setReplayStep(step: number | null): void;
  notify(kind: 'error' | 'info', message: string): void;
  dismiss(id: number): void;
  /** Continue the run saved by an earlier visit; or drop it and start fresh. */
  resumeSaved(): void;
  discardSaved(): void;
  /** Provoke a fault in the worker (tests, the soak). */
  fault(kind: FaultKind): void;
  /** Train on these IDX files (as dropped or picked); the run on screen stays until the worker has checked them all. */
  setDataset(files: FilesSource['files']): void;
  /** The same files again, their images turned (EMNIST) or not; remembered with the files. */
  setTransposed(on: boolean): void;
  /** Back to the bundled MNIST, in one click. */
  useMnist(): void;
  /** The user renamed the classes of a dropped set. */
  setClassNames(names: string[]): void;
}

/** How often the store takes the stream's numbers (the counters, losses and metrics in the DOM); the scatters and curves read theirs outside it. */
export const STREAM_PACE_MS = 500;
/** The stream of training: what only moves numbers, paced; anything else (a status, a ready, a setting applied) shows in the next data frame. */
const STREAM: ReadonlySet<WorkerToUi['type']> = new Set<WorkerToUi['type']>(['progress', 'evalMetrics', 'trainFeatures', 'embedding', 'augmented']);

const fmt = (v: number) => (Math.abs(v) >= 0.01 || v === 0 ? String(+v.toPrecision(3)) : v.toExponential(1));
/** The table's short name of a setting; hyper-parameters outside the table (clip, momentum) by their key. */
const shortName = (k: string): string => SETTINGS.find((s) => s.name === k)?.short ?? k;

/** "λ = 0.1, lr = 0.02": what a chart marker says. */
export function markerLabel(patch: Partial<Hyper>): string {
  return Object.entries(patch)
    .map(([k, v]) => `${shortName(k)} = ${typeof v === 'number' ? fmt(v) : String(v)}`)
    .join(', ');
}

export interface BridgeDeps {
  client?: (onMessage: (m: WorkerToUi) => void, onCrash: (message: string) => void) => WorkerClient;
  /** Where the MNIST files are served. */
  dataUrl: string;
  /** The data the first worker loads: the files kept from an earlier visit (main.tsx reads them first), else MNIST. */
  data?: DataSource;
  /** Where dropped files are kept; default in memory. */
  dataSlot?: DataSlot;
  now?: () => number;
  /** Schedules the store update, and with it the redraw of what the stream changed; default: before a data frame, the next one when `urgent()`. */
  schedule?: (fn: () => void, urgent: () => boolean) => void;
  writeHash?: (hash: string) => void;
  /** Where the autosave lives; default IndexedDB. */
  slot?: SaveSlot;
  /** Calls fn every ms (the start-up watchdog); default setInterval. */
  every?: (fn: () => void, ms: number) => void;
  /** Calls fn every ms, and when the page is hidden or left; default setInterval, visibilitychange and pagehide. */
  autosaveTriggers?: (fn: () => void, ms: number) => void;
}

function pageTriggers(fn: () => void, ms: number): void {
  setInterval(fn, ms);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && fn());
  window.addEventListener('pagehide', fn);
}

export function connect(store: AppStore, views: Views, deps: BridgeDeps): Actions {
  const now = deps.now ?? (() => performance.now());
  // Each flush re-renders, lays out and paints the page: once per data frame at most, and for the stream alone every STREAM_PACE_MS.
  const schedule = deps.schedule ?? pacedFlush(STREAM_PACE_MS);
  let nextId = 1;
  const exports = new Map<number, { resolve: (v: ExportedFile[]) => void; reject: (e: Error) => void }>();
  // Every write goes through one draft, flushed before a data frame (charts/frames.ts): many messages a second are a few renders.
  let draft: AppState | null = null;
  let scheduled = false;
  /** The draft holds more than the stream: it goes in the next data frame. */
  let urgent = false;
  const update = (fn: (s: AppState) => AppState, stream = false) => {
    draft = fn(draft ?? store.getState());
    if (!stream) urgent = true;
    if (scheduled) return;
    scheduled = true;
    schedule(
      () => {
        scheduled = false;
        urgent = false;
        const d = draft;
        draft = null;
        if (d) store.setState(d, true);
      },
      () => urgent,
    );
  };
  const current = () => draft ?? store.getState();
  /** A user's action applies now, with whatever messages are pending: a controlled input must show its new value at once. */
  const apply = (fn: (s: AppState) => AppState) => {
    const next = fn(current());
    draft = null;
    store.setState(next, true);
  };

  // One probe in flight at a time: the pen moves faster than the worker answers, so only the newest drawing waits.
  let probeInFlight: { id: number; at: number } | null = null;
  let probePending: { pixels: Uint8Array; at: number } | null = null;
  let lastProbe: Uint8Array | null = null;
  let padSeq = 0;
  /** Set by the quick lesson: its model trains as soon as it is ready. */
  let startWhenReady = false;
  const sendProbe = (pixels: Uint8Array, at: number) => {
    const id = nextId++;
    probeInFlight = { id, at };
    client.send({ type: 'probe', id, pixels: pixels.slice() });
  };
  const onProbed = (id: number): number | null => {
    if (probeInFlight?.id !== id) return null;
    const latency = now() - probeInFlight.at;
    probeInFlight = null;
    if (probePending) {
      const p = probePending;
      probePending = null;
      sendProbe(p.pixels, p.at);
    }
    return latency;
  };

  /** What every init sends: the files kept, or MNIST. */
  let data: DataSource = deps.data ?? { kind: 'bundled' };
  const dataSlot = deps.dataSlot ?? memoryDataSlot(data.kind === 'files' ? data : null);
  /** A setDataset the worker has not answered yet: its data becomes the page's once the worker sends the new 'dataset'. */
  let pendingData: { id: number; data: DataSource } | null = null;
  const keep = (next: DataSource) => {
    data = next;
    const write = next.kind === 'files' ? dataSlot.write(next) : dataSlot.clear();
    write.catch((e: unknown) => update((s) => withNotice(s, 'warning', `The dataset could not be kept in this browser (${e instanceof Error ? e.message : String(e)}): after a reload the page returns to MNIST.`)));
  };
  const requestData = (next: DataSource) => {
    const id = nextId++;
    pendingData = { id, data: next };
    const files = next.kind === 'files' ? next.files.map((f) => f.name) : [];
    apply((s) => ({ ...s, datasetRequest: { id, files, status: 'checking', message: null } }));
    client.send({ type: 'setDataset', id, data: next });
  };

  const onMessage = (msg: WorkerToUi): void => {
    watch.onMessage(msg);
    if (msg.type === 'starting' || msg.type === 'pong') return;
    // Faulty files: the message goes beside the drop zone, and the data and run on screen stay.
    if (msg.type === 'error' && pendingData && msg.requestId === pendingData.id) {
      pendingData = null;
      const files = current().datasetRequest?.files ?? [];
      // An earlier error banner (a weights file, say) would read as being about these files: it goes.
      update((s) => clearErrors({ ...s, datasetRequest: { id: msg.requestId!, files, status: 'failed', message: msg.detail } }));
      return;
    }
    // A model that could not be built for the new files: the worker kept the old one, and says so with 'ready'.
    if (msg.type === 'ready' && pendingData) {
      pendingData = null;
      const files = current().datasetRequest?.files ?? [];
      update((s) => ({ ...s, datasetRequest: { id: 0, files, status: 'failed', message: 'The files were read, but no model could be built for them (see the message above).' } }));
    }
    if (msg.type === 'dataset' && pendingData) {
      keep(pendingData.data);
      // A save of the old data cannot be resumed on the new: a crashed worker restarts fresh.
      saver.forgetLast();
      pendingData = null;
      update((s) => ({ ...s, datasetRequest: null, scatter: { ...s.scatter, isolated: null } }));
    }
    if (!accepts(current(), msg)) return;
    if (msg.type === 'checkpoint') return void saver.onCheckpoint(msg);
    // A refused checkpoint (a diverged run) is the autosave's business, not the teacher's.
    if (msg.type === 'error' && saver.onError(msg.requestId)) return;
    if (msg.type === 'probed') {
      const latency = onProbed(msg.id);
      // A cleared pad ignores the answer still on its way.
      if (latency === null || !lastProbe) return;
      // The pen waits for no pace: its answer shows at once.
      apply((s) => ({ ...reduce(s, msg, now()), probe: { results: msg.results, latencyMs: latency } }));
      requestFrame();
      return;
    }
    effects(msg);
    // An error answers something the user just did: it shows at once. The stream's numbers wait for their pace;
    // anything else for the next data frame, where the charts read what it changed too.
    if (msg.type === 'error') apply((s) => reduce(s, msg, now()));
    else update((s) => reduce(s, msg, now()), STREAM.has(msg.type));
    // The live weights move the drawing too: ask again with the new snapshot (and for a new model).
    if ((msg.type === 'embedding' || msg.type === 'ready') && lastProbe && !probeInFlight) sendProbe(lastProbe, now());
  };

  /** What a message does outside the store: the runs' series and embeddings, and replies to requests. */
  const effects = (msg: WorkerToUi): void => {
    switch (msg.type) {
      case 'ready':
        // A run's view object lives as long as its id: components hold it; only its contents start over.
        for (const id of views.runs.keys()) if (!msg.runs.some((r) => r.id === id)) views.runs.delete(id);
        for (const v of msg.runs.map((r) => viewOf(views, r.id))) {
          setEvalSet(v.embedding, { indices: msg.evalIndices, labels: msg.evalLabels, pixels: msg.evalPixels }, msg.config.featDim);
          if (msg.history.kind !== 'continues') clearSeries(v.series);
        }
        if (msg.history.kind !== 'continues') clearMarkers(views.markers);
        saver.onReady(msg);
        if (startWhenReady) {
          startWhenReady = false;
          client.send({ type: 'start' });
        }
        break;
      case 'progress': {
        const r = msg.report;
        viewOf(views, msg.run).series.loss.push({ step: r.step, lambda: r.lambda, ce: r.ce, weightedCenter: r.weightedCenterLoss, total: r.total, trainAcc: r.trainAccuracy });
        break;
      }
      case 'embedding':
        pushSnapshot(viewOf(views, msg.run).embedding, { step: msg.step, features: msg.features, predictions: msg.predictions, centers: msg.centers, classWeights: msg.classWeights });
        break;
      case 'trainFeatures': {
        const e = viewOf(views, msg.run).embedding;
        // Not a new snapshot: the panels' figures stay, and only the scatter (which watches the window) redraws.
        pushLive(e.live, msg.step, msg.features, msg.labels, msg.centers);
        break;
      }
      case 'evalMetrics':
        viewOf(views, msg.run).series.evals.push({ step: msg.step, testAcc: msg.metrics.testAccuracy, nearestAcc: msg.metrics.nearestCenterAccuracy, elongation: msg.metrics.elongation, withinBetween: msg.metrics.withinOverBetween });
        break;
      case 'exported':
        exports.get(msg.id)?.resolve(msg.files);
        exports.delete(msg.id);
        break;
      case 'error':
        // A refused rebuild is answered with the model kept: it does not start on its own.
        startWhenReady = false;
        if (msg.requestId !== undefined && exports.has(msg.requestId)) {
          exports.get(msg.requestId)!.reject(new Error(errorMessage(msg.code, msg.detail)));
          exports.delete(msg.requestId);
        }
        break;
      default:
        break;
    }
  };

  const slot = deps.slot ?? (typeof indexedDB === 'undefined' ? memorySlot() : indexedDbSlot());
  const saver = new Autosaver({ slot, views, current, update, send: (m) => client.send(m), nextId: () => nextId++, notify: (kind, message) => update((s) => withNotice(s, kind, message)) });

  const makeClient = deps.client ?? createWorkerClient;
  /** A worker that dies is replaced, and the new one resumes the last autosave. */
  const restart = (message: string) => {
    client.terminate();
    // Files the dead worker was still checking are not loaded: the new one starts on the data kept.
    if (pendingData) {
      pendingData = null;
      apply((s) => ({ ...s, datasetRequest: null }));
    }
    // Without a save of this visit, an earlier visit's offer stays up.
    // A resume the old worker never answered (it was blocked) goes to the new one.
    const from = saver.last ?? saver.pendingRecord;
    const resume = from ? saver.resume(from) : null;
    const config = resume?.record.config ?? current().config;
    client = makeClient(onMessage, restart);
    apply((s) => withNotice(resetRequested(s, config), 'error', resume ? `The training worker stopped (${message}). It was restarted and resumed from the autosave at step ${resume.record.step}.` : `The training worker stopped (${message}). It was restarted with a fresh model: nothing had been saved yet.`));
    client.send({ type: 'init', dataUrl: deps.dataUrl, data, config, ...(resume ? { resume: { id: resume.id, save: resume.record.session } } : {}) });
    watch.begin();
  };
  // A worker blocked at start-up (Firefox) is replaced like a crashed one, at most twice.
  let blockedRestarts = 0;
  const watch = new StartupWatch({
    now,
    send: (m) => client.send(m),
    show: (startupNote) => current().startupNote !== startupNote && update((s) => ({ ...s, startupNote })),
    blocked: (waiting) => {
      if (blockedRestarts++ >= 2) return update((s) => ({ ...s, startupNote: `The training worker stopped answering while waiting for ${waiting}. Reload the page.` }));
      restart(`it did not answer for 12 s while waiting for ${waiting}`);
    },
  });
  let client = makeClient(onMessage, restart);
  client.send({ type: 'init', dataUrl: deps.dataUrl, data, config: store.getState().config });
  watch.begin();
  (deps.every ?? ((fn, ms) => void setInterval(fn, ms)))(() => watch.tick(), PING_MS);
  void saver.load();
  (deps.autosaveTriggers ?? pageTriggers)(() => current().status === 'running' && saver.request(), AUTOSAVE_MS);
  // Not running, every change is saved at once: a pause, a step, a new setting.
  store.subscribe((s, prev) => {
    if (s.status !== 'running' && (s.step !== prev.step || s.status !== prev.status || s.config.hyper !== prev.config.hyper || s.generation !== prev.generation)) saver.request();
  });

  // The URL follows the store: a link always reproduces what is shown.
  const writeHash = deps.writeHash ?? ((hash: string) => history.replaceState(null, '', hash));
  store.subscribe((s, prev) => {
    if (s.config !== prev.config || s.present !== prev.present) writeHash(toHash(s.config, { present: s.present }));
  });

  const actions: Actions = {
    start: () => {
      saver.discard();
      client.send({ type: 'start' });
    },
    pause: () => client.send({ type: 'pause' }),
    toggle: () => (current().status === 'running' ? actions.pause() : actions.start()),
    stepOnce: () => {
      saver.discard();
      client.send({ type: 'step', n: 1 });
    },
    reset: (config = current().config) => {
      saver.discard();
      for (const v of views.runs.values()) {
        // The old snapshots go now; the new model's arrive after 'ready'.
        if (v.embedding.evalSet) setEvalSet(v.embedding, v.embedding.evalSet);
        clearSeries(v.series);
      }
      clearMarkers(views.markers);
      requestRedraw();
      apply((s) => resetRequested(s, config));
      client.send({ type: 'reset', config });
    },
    quickLesson: () => {
      actions.reset(settingByName('quick').set(current().config, true) as RunConfig);
      startWhenReady = true;
    },
    setHyper: (p) => {
      apply((s) => ({ ...s, config: { ...s.config, hyper: { ...s.config.hyper, ...p } } }));
      pushMarker(views.markers, { step: current().step, keys: Object.keys(p).sort().join(','), label: markerLabel(p), at: now() });
      requestRedraw();
      client.send({ type: 'setHyper', id: nextId++, patch: p });
    },
    exportWeights: () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        exports.set(id, { resolve, reject });
        client.send({ type: 'exportWeights', id });
      }),
    importWeights: (json) => {
      saver.discard();
      client.send({ type: 'importWeights', id: nextId++, json });
    },
    restore: () => {
      // The divergence banner goes with the Restore it offered.
      apply((s) => ({ ...s, notices: s.notices.filter((n) => !n.restore) }));
      client.send({ type: 'restore' });
    },
    setPresent: (present) => apply((s) => ({ ...s, present })),
    setScatter: (patch) => apply((s) => ({ ...s, scatter: { ...s.scatter, ...patch } })),
    setOpenSetScale: (openSetScale) => {
      apply((s) => ({ ...s, openSetScale }));
      requestFrame();
    },
    probe: (pixels, at) => {
      lastProbe = pixels;
      // The latency counts from the oldest stroke not yet shown.
      if (probeInFlight) probePending = { pixels, at: probePending?.at ?? at };
      else sendProbe(pixels, at);
    },
    clearProbe: () => {
      lastProbe = null;
      probePending = null;
      probeInFlight = null;
      apply((s) => ({ ...s, probe: null }));
      requestFrame();
    },
    pickTestDigit: (pixels) => apply((s) => ({ ...s, padDigit: { pixels, seq: ++padSeq } })),
    setReplayStep: (replayStep) => {
      apply((s) => ({ ...s, replayStep }));
      requestFrame();
    },
    notify: (kind, message) => apply((s) => withNotice(s, kind, message)),
    dismiss: (id) => apply((s) => withoutNotice(s, id)),
    resumeSaved: () => {
      const r = saver.resume();
      if (!r) return;
      apply((s) => resetRequested(s, r.record.config));
      client.send({ type: 'resume', id: r.id, save: r.record.session });
    },
    discardSaved: () => saver.discard(),
    fault: (kind) => client.send({ type: 'fault', fault: kind }),
    setDataset: (files) => requestData({ kind: 'files', files }),
    setTransposed: (on) => {
      if (data.kind === 'files') requestData({ ...data, transposed: on });
    },
    useMnist: () => {
      if (current().dataError === null) return requestData({ kind: 'bundled' });
      // The kept files could not be loaded, so no model exists to swap data under: a fresh worker starts on MNIST.
      keep({ kind: 'bundled' });
      pendingData = null;
      client.terminate();
      client = makeClient(onMessage, restart);
      apply((s) => ({ ...resetRequested(s, s.config), dataset: null, dataError: null, datasetRequest: null, backend: null, status: 'loading' }));
      client.send({ type: 'init', dataUrl: deps.dataUrl, data, config: current().config });
      watch.begin();
    },
    setClassNames: (names) => {
      if (data.kind !== 'files') return;
      keep({ ...data, classNames: names });
      client.send({ type: 'setClassNames', names });
    },
  };
  return actions;
}
