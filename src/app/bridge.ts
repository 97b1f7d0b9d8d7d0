/** Connects the worker to the store: routes messages, batches store updates per frame, exposes the actions. */
import type { Hyper, RunConfig } from '../ml/config';
import type { ExportedFile } from '../workers/protocol';
import { createWorkerClient, type WorkerClient } from '../workers/client';
import type { RunId, WorkerToUi } from '../workers/protocol';
import type { RunView } from './App';
import { requestFrame } from './charts/frames';
import { addNotice, type AppStore } from './store/appStore';
import { pushSnapshot, setEvalSet } from './store/embedding';
import { clearSeries } from './store/series';
import { toHash } from './store/urlState';

export interface Actions {
  start(): void;
  pause(): void;
  toggle(): void;
  stepOnce(): void;
  reset(config?: RunConfig): void;
  setHyper(patch: Partial<Hyper>): void;
  exportWeights(): Promise<ExportedFile[]>;
  importWeights(json: string): void;
  restore(): void;
}

const fmt = (v: number) => (Math.abs(v) >= 0.01 || v === 0 ? String(+v.toPrecision(3)) : v.toExponential(1));

export function connect(store: AppStore, views: Record<RunId, RunView>): Actions {
  let nextId = 1;
  const exports = new Map<number, { resolve: (v: ExportedFile[]) => void; reject: (e: Error) => void }>();
  let pending: Partial<ReturnType<AppStore['getState']>> = {};
  let frame = 0;
  // Many messages a second must not mean many renders: merge them into one setState per frame.
  const patch = (p: typeof pending) => {
    pending = { ...pending, ...p };
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        const p2 = pending;
        pending = {};
        store.setState(p2);
      });
    }
  };

  const onMessage = (msg: WorkerToUi): void => {
    route(msg);
    // The charts read what the message changed in their next frame.
    requestFrame();
  };

  const route = (msg: WorkerToUi): void => {
    switch (msg.type) {
      case 'dataset':
        store.setState({ dataset: msg.info, dataError: null });
        break;
      case 'ready':
        for (const v of Object.values(views)) {
          setEvalSet(v.embedding, { indices: msg.evalIndices, labels: msg.evalLabels, pixels: msg.evalPixels });
          clearSeries(v.series);
        }
        store.setState({ backend: msg.backend, config: msg.config, step: msg.step, progress: null, metrics: null, trainClassCounts: msg.trainClassCounts, runs: msg.runs, twin: { progress: null, metrics: null } });
        if (!msg.backend.realGpu) addNotice(store, 'info', `${msg.backend.reason}, with the ${msg.backend.variant} model.`);
        break;
      case 'status':
        patch({ status: msg.status, step: msg.step });
        break;
      case 'progress': {
        const r = msg.report;
        views[msg.run].series.loss.push({ step: r.step, ce: r.ce, weightedCenter: r.weightedCenterLoss, total: r.total, trainAcc: r.trainAccuracy });
        if (msg.run === 'softmaxOnly') {
          patch({ twin: { ...store.getState().twin, ...pending.twin, progress: r } });
          break;
        }
        const prevEpoch = store.getState().progress?.epoch ?? 0;
        patch({ progress: r, step: r.step, ...(r.epoch > prevEpoch ? { announcement: `Epoch ${r.epoch} finished at step ${r.step}.` } : {}) });
        break;
      }
      case 'embedding':
        pushSnapshot(views[msg.run].embedding, { step: msg.step, features: msg.features, predictions: msg.predictions, centers: msg.centers, at: performance.now() });
        break;
      case 'evalMetrics':
        views[msg.run].series.evals.push({ step: msg.step, testAcc: msg.metrics.testAccuracy, nearestAcc: msg.metrics.nearestCenterAccuracy });
        if (msg.run === 'softmaxOnly') patch({ twin: { ...store.getState().twin, ...pending.twin, metrics: msg.metrics } });
        else patch({ metrics: msg.metrics });
        break;
      case 'hyperApplied':
        patch({ applied: { id: msg.id, step: msg.step }, config: { ...store.getState().config, hyper: msg.hyper } });
        break;
      case 'exported':
        exports.get(msg.id)?.resolve(msg.files);
        exports.delete(msg.id);
        break;
      case 'imported':
        addNotice(store, 'info', `Weights loaded: the model resumes at step ${msg.step}.`);
        break;
      case 'error':
        if (msg.code === 'data') store.setState({ dataError: msg.message });
        addNotice(store, 'error', msg.message);
        if (msg.requestId !== undefined && exports.has(msg.requestId)) {
          exports.get(msg.requestId)!.reject(new Error(msg.message));
          exports.delete(msg.requestId);
        }
        break;
      case 'diverged':
        addNotice(store, 'error', msg.message, true);
        patch({ status: 'diverged', announcement: 'Training diverged and was paused.' });
        break;
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  };

  const client: WorkerClient = createWorkerClient(onMessage, (message) => addNotice(store, 'error', `The training worker crashed: ${message}`));
  client.send({ type: 'init', dataUrl: new URL('mnist/', new URL(import.meta.env.BASE_URL, location.href)).href, config: store.getState().config });

  const writeHash = (config: RunConfig) => history.replaceState(null, '', toHash(config));

  const actions: Actions = {
    start: () => client.send({ type: 'start' }),
    pause: () => client.send({ type: 'pause' }),
    toggle: () => (store.getState().status === 'running' ? actions.pause() : actions.start()),
    stepOnce: () => client.send({ type: 'step', n: 1 }),
    reset: (config = store.getState().config) => {
      store.setState({ config, step: 0, progress: null, metrics: null });
      writeHash(config);
      client.send({ type: 'reset', config });
    },
    setHyper: (p) => {
      const config = { ...store.getState().config, hyper: { ...store.getState().config.hyper, ...p } };
      store.setState({ config });
      writeHash(config);
      const label = Object.entries(p)
        .map(([k, v]) => `${k === 'lambda' ? 'λ' : k === 'alpha' ? 'α' : k} ${typeof v === 'number' ? fmt(v) : String(v)}`)
        .join(', ');
      for (const v of Object.values(views)) v.series.markers.push({ step: store.getState().step, label });
      requestFrame();
      client.send({ type: 'setHyper', id: nextId++, patch: p });
    },
    exportWeights: () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        exports.set(id, { resolve, reject });
        client.send({ type: 'exportWeights', id });
      }),
    importWeights: (json) => client.send({ type: 'importWeights', id: nextId++, json }),
    restore: () => client.send({ type: 'restore' }),
  };
  return actions;
}
