/** The worker's messages as pure state updates: reduce(state, message, now) → state. Views and requests are the bridge's. */
import { frozenRun } from '../../ml/config';
import { trainingPhase } from '../../ml/phase';
import type { WorkerToUi } from '../../workers/protocol';
import { hyperFor, isSoftmaxRun, runInfos, runTitle } from '../../workers/runs';
import { adjustedMessage, backendReason, backendSentence, divergedMessage, errorDetail, errorMessage, fallbackMessage, lessonLoss } from '../words';
import { emptyRun, mainRun, type AppState, type RunSlice } from './appStore';
import { clearErrors, withNotice } from './notices';
import { addImages, emptyRate, openRate } from './rate';

/** Messages that describe the model being replaced are stale once the page asked for a new one. */
export function accepts(s: AppState, msg: WorkerToUi): boolean {
  if (!s.awaitingReady) return true;
  switch (msg.type) {
    case 'progress':
    case 'embedding':
    case 'trainFeatures':
    case 'augmented':
    case 'evalMetrics':
    case 'status':
    case 'hyperApplied':
    case 'diverged':
    case 'probed':
      return false;
    default:
      return true;
  }
}

const updateRun = (s: AppState, id: RunSlice['id'], patch: Partial<RunSlice>): RunSlice[] => s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r));

export function reduce(s: AppState, msg: WorkerToUi, now: number): AppState {
  if (!accepts(s, msg)) return s;
  switch (msg.type) {
    case 'dataset':
      return clearErrors({ ...s, dataset: msg.info, dataError: null });
    case 'ready': {
      const next: AppState = {
        ...s,
        backend: msg.backend,
        config: msg.config,
        step: msg.step,
        epoch: msg.epoch,
        runs: msg.runs.map(emptyRun),
        // A new model starts from the fitted view.
        scatter: { ...s.scatter, autoFit: true },
        // A Restore offer belongs to the model that diverged.
        notices: s.notices.filter((n) => !n.restore),
        trainClassCounts: msg.trainClassCounts,
        augmented: null,
        awaitingReady: false,
        generation: s.generation + 1,
        rate: emptyRate(),
        replayStep: null,
        // A continued model keeps its origin; any other is trained here ('imported' follows for a file).
        loadedAt: msg.history.kind === 'continues' ? s.loadedAt : null,
      };
      const resumed = msg.history.kind === 'resumed' ? withNotice(next, 'info', `Resumed the saved run at step ${msg.step}.`) : next;
      // After a fallback its own notice says why the backend changed.
      const quiet = msg.backend.realGpu || msg.history.kind === 'continues';
      const loss = lessonLoss(msg.backend);
      return quiet ? resumed : withNotice(resumed, 'info', backendSentence(msg.backend), false, `${backendReason(msg.backend)}, with the ${msg.backend.variant} model.${loss ? ` ${loss}.` : ''}`);
    }
    case 'status': {
      const starts = msg.status === 'running' && s.status !== 'running';
      const rate = starts ? openRate(now) : msg.status === 'running' ? s.rate : emptyRate();
      return { ...s, status: msg.status, step: msg.step, rate };
    }
    case 'progress': {
      const r = msg.report;
      // The session's step is its first training run's (a frozen twin stays at 0).
      const first = s.runs.find((_, k) => !frozenRun(s.config, k))?.id === msg.run;
      const runs = updateRun(s, msg.run, { progress: r });
      if (!first) return { ...s, runs };
      const prevEpoch = mainRun(s).progress?.epoch ?? 0;
      return {
        ...s,
        runs,
        step: r.step,
        epoch: r.epoch + r.epochProgress,
        rate: addImages(s.rate, now, r.stepsPerReport * s.config.hyper.batchSize),
        ...(r.epoch > prevEpoch ? { announcement: `Epoch ${r.epoch} finished at step ${r.step}.` } : {}),
      };
    }
    case 'evalMetrics': {
      const previous = s.runs.find((r) => r.id === msg.run)?.phase ?? undefined;
      const lambda = s.runs.find((r) => r.id === msg.run)?.lambda ?? 0;
      // Tight clusters are judged against the softmax-only twin's latest within/between, when the page trains one.
      const twin = s.runs.find((r) => r.id !== msg.run && isSoftmaxRun(r))?.metrics?.withinOverBetween ?? null;
      const phase = trainingPhase(msg.metrics, lambda, msg.step, previous, twin);
      return { ...s, runs: updateRun(s, msg.run, { metrics: msg.metrics, phase }) };
    }
    case 'embedding':
    case 'trainFeatures':
      return s;
    case 'augmented':
      return { ...s, augmented: { step: msg.step, images: msg.images, labels: msg.labels } };
    case 'hyperApplied':
      return {
        ...s,
        applied: { id: msg.id, step: msg.step },
        config: { ...s.config, hyper: msg.hyper },
        // A title names the run's λ: it follows the control with the run.
        runs: s.runs.map((r) => (r.followsLambda ? { ...r, lambda: msg.hyper.lambda, title: runTitle(hyperFor(r, msg.hyper)) } : r)),
      };
    case 'exported':
      return clearErrors(s);
    case 'imported':
      return withNotice(clearErrors({ ...s, loadedAt: msg.step }), 'info', `Weights loaded: the model resumes at step ${msg.step}.`);
    case 'error': {
      // A refused rebuild is answered with 'ready' for the model kept (session.ts keepModel); only missing data ends the wait here.
      const message = errorMessage(msg.code, msg.detail);
      const next = { ...s, ...(msg.code === 'data' ? { dataError: message, awaitingReady: false } : {}) };
      return withNotice(next, 'error', message, false, errorDetail(msg.code, msg.detail));
    }
    case 'diverged':
      return withNotice({ ...s, status: 'diverged', announcement: 'Training diverged and was paused.' }, 'error', divergedMessage(msg, s.runs.length), true);
    case 'fallback':
      return withNotice(s, 'error', fallbackMessage(msg));
    case 'adjusted':
      return withNotice(s, 'warning', adjustedMessage(msg.change));
    case 'probed':
      return { ...s, probe: { results: msg.results, latencyMs: s.probe?.latencyMs ?? NaN } };
    case 'checkpoint':
    case 'starting':
    case 'pong':
      // The autosave and the start-up watchdog take these.
      return s;
    default: {
      const never: never = msg;
      throw new Error(`unhandled message ${JSON.stringify(never)}`);
    }
  }
}

/** The page asked for a new model (reset, a new preset or setting): every derived figure is cleared now. */
export function resetRequested(s: AppState, config: AppState['config']): AppState {
  return { ...s, config, step: 0, epoch: 0, runs: runInfos(config).map(emptyRun), applied: null, awaitingReady: true, rate: emptyRate(), replayStep: null, loadedAt: null, notices: s.notices.filter((n) => !n.restore) };
}
