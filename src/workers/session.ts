/** The training session behind the worker: owns the data, the run(s) and the run loop. No DOM. */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, chooseBackend, fallbackAfter, resolveVariant, withoutBackend, type BackendDecision, type BackendProbe } from '../ml/backend';
import { checkHeldOutClass, fitScheduleTo, frozenRun, startsFromSoftmax, validateHyperPatch, validateRunConfig, type BackendName, type Hyper, type RunConfig } from '../ml/config';
import type { SoftmaxStart } from '../ml/softmaxStart';
import type { LoadedDataset } from '../ml/dataset';
import { MNIST, numClassesOf, type DatasetSpec } from '../ml/datasetSpec';
import { withPreset } from '../ml/settings';
import { loadIdxFiles } from '../ml/idxFiles';
import { checkClassNames } from '../ml/classNames';
import { makeEvalSet, type EvalSet } from '../ml/headless';
import { modelSpec } from '../ml/lenetpp';
import { balancedSubset, PIXELS } from '../ml/idx';
import { disposeSnapshot, type Snapshot, type Trainer } from '../ml/trainer';
import { parseWeightsFile } from '../ml/weights';
import { EmbedPace } from './embedPace';
import { defaultEvalSize } from './evalSize';
import { augmentedDigits, LiveCapture } from './liveCapture';
import { Recovery, apply, replay, type RecoveryPlan } from './recovery';
import { exportRunFiles, fromFile, makeRuns, softmaxStarts, type StartFrom } from './runFiles';
import type { DataSource, ErrorCode, ReadyHistory, RunInfo, RunStatus, UiToWorker, WorkerToUi } from './protocol';
import { memoryReport, progressReport, stepsPerReportFor } from './reporting';
import { datasetMessage, embedMessages, probeRuns, readyMessage } from './runMessages';
import { runInfos } from './runs';
import { checkpointOf, openSave, startsOf } from './saves';
import type { SessionDeps } from './sessionDeps';
import { Steppers, type Stepped } from './steppers';

/** How often a GPU run copies its weights to the CPU, so that a lost device loses little. */
const CPU_CHECKPOINT_MS = 2000;

interface Run extends RunInfo {
  trainer: Trainer;
  capture: LiveCapture;
  /** Device-side copy of the last weights whose losses were finite. */
  lastGood?: Snapshot;
}

/** The settings carried to a new dataset: a held-out class it lacks is dropped; the quick lesson (an MNIST start) becomes the fast preset. */
function configFor(config: RunConfig, dataset: DatasetSpec): RunConfig {
  let c = checkHeldOutClass(config, dataset).ok ? config : { ...config, heldOutClass: null };
  if (startsFromSoftmax(c) && dataset.id !== 'mnist') c = withPreset(c, 'fast');
  return c;
}

/** How a model is built beyond its config: from given starts, on a given backend, replaying after a lost device, its schedule fitted to a dataset's size. */
interface BuildOptions {
  from?: StartFrom[];
  backend?: BackendName;
  recover?: { plan: RecoveryPlan; target: number };
  fittedTo?: number;
}

export class Session {
  private data?: LoadedDataset;
  private dataUrl = '';
  /** The quick lesson's start, loaded the first time a config asks for it. */
  private softmaxStart?: SoftmaxStart;
  private probeResult?: BackendProbe;
  private decision?: BackendDecision;
  private config?: RunConfig;
  private runs: Run[] = [];
  private evalSet?: EvalSet;
  private status: RunStatus = 'loading';
  private stepsPerReport = 1;
  /** Whether a frozen twin has been embedded since the last build. */
  private frozenShown = false;
  private readonly embedPace: EmbedPace;
  private queue: Promise<void> = Promise.resolve();
  private looping = false;
  private readonly recovery: Recovery;
  private deviceWatched = false;
  /** The last step the page was told of: a lost device resumes there. */
  private reportedStep = 0;
  /** Where runs side by side take their steps on wasm; dropped for good if one fails. */
  private steppers?: Steppers;

  constructor(private readonly deps: SessionDeps) {
    this.recovery = new Recovery(deps.now, CPU_CHECKPOINT_MS);
    this.embedPace = new EmbedPace(deps.now);
    if (deps.steppers) this.steppers = new Steppers(deps.steppers);
  }

  /** Messages run one at a time, between chunks of training. */
  handle(msg: UiToWorker): Promise<void> {
    const run = this.queue.then(() => this.dispatch(msg));
    this.queue = run.catch((e: unknown) => this.fail('internal', e));
    return this.queue;
  }

  private async dispatch(msg: UiToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        return this.init(msg.dataUrl, msg.data, msg.config, msg.resume);
      case 'start':
        return this.start();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepN(msg.n);
      case 'reset':
        return this.reset(msg.config);
      case 'setHyper':
        return this.setHyper(msg.id, msg.patch);
      case 'exportWeights':
        return this.exportWeights(msg.id);
      case 'importWeights':
        return this.importWeights(msg.id, msg.json);
      case 'restore':
        return this.restoreLastGood();
      case 'probe':
        return this.probe(msg.id, msg.pixels);
      case 'checkpoint':
        return this.checkpoint(msg.id);
      case 'resume':
        return void (await this.resume(msg.id, msg.save));
      case 'fault':
        return this.deps.fault?.(msg.fault);
      case 'ping':
        return this.post({ type: 'pong', id: msg.id });
      case 'setDataset':
        return this.setDataset(msg.id, msg.data);
      case 'setClassNames':
        return this.setClassNames(msg.names);
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  /** The bundled MNIST, or the user's files checked one by one; throws with a message naming the file. */
  private loadSource(source: DataSource): Promise<LoadedDataset> {
    if (source.kind === 'bundled') return this.deps.loadData(this.dataUrl);
    return loadIdxFiles(
      source.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
      source.classNames,
      { transposed: source.transposed === true },
    );
  }

  /** New data only if every file is valid, then fresh runs for it; on any fault the data and runs on screen stay. */
  private async setDataset(id: number, source: DataSource): Promise<void> {
    if (!this.config || !this.probeResult) return this.fail('not-ready', '', id);
    const t0 = this.deps.now();
    let next: LoadedDataset;
    try {
      next = await this.loadSource(source);
    } catch (e) {
      return this.fail('data', e, id);
    }
    const previous = this.data;
    this.data = next;
    this.status = 'paused';
    if (await this.build(configFor(this.config, next.spec), { fittedTo: previous?.train.count })) {
      this.post(datasetMessage(next, this.deps.now() - t0));
      await this.show({ kind: 'new' });
      return;
    }
    this.data = previous;
    await this.keepModel();
  }

  /** The user's names for the classes: one per class, each non-empty. */
  private setClassNames(names: string[]): void {
    if (!this.data) return this.fail('not-ready');
    const valid = checkClassNames(names, numClassesOf(this.data.spec));
    if (!valid.ok) return this.fail('data', valid.error);
    this.data = { ...this.data, spec: { ...this.data.spec, classNames: valid.value } };
    this.post(datasetMessage(this.data, 0));
  }

  /** The first run that trains: its step is the session's. */
  private get main(): Run | undefined {
    return this.trained[0] ?? this.runs[0];
  }

  /** The runs that take steps (all but a frozen twin, config.ts frozenRun). */
  private get trained(): Run[] {
    const c = this.config;
    return c ? this.runs.filter((_, k) => !frozenRun(c, k)) : this.runs;
  }

  private post(msg: WorkerToUi): void {
    this.deps.post(msg);
  }

  private fail(code: ErrorCode, e: unknown = '', requestId?: number): void {
    const detail = e instanceof Error ? e.message : String(e);
    this.post({ type: 'error', code, detail, ...(requestId !== undefined ? { requestId } : {}) });
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: 'status', status, step: this.main?.trainer.step ?? 0 });
  }

  private async init(dataUrl: string, source: DataSource, config: RunConfig, resume?: { id: number; save: unknown }): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) return this.fail('invalid-settings', valid.error);
    const t0 = this.deps.now();
    // Probe and start the backend while the data downloads: the wasm module compiles and spawns its
    // thread pool meanwhile, so the first scatter comes sooner. build() reports any failure.
    this.post({ type: 'starting', stage: { part: 'data' } });
    const probing = this.deps.probe();
    const warming = probing
      .then((p) => {
        const backend = chooseBackend(valid.value.backend, p).backend;
        // Said before the call: starting a backend can block this thread (Firefox's nested workers).
        this.post({ type: 'starting', stage: { part: 'backend', backend } });
        return activateBackend(backend);
      })
      .catch(() => undefined);
    this.dataUrl = dataUrl;
    try {
      this.data = await this.loadSource(source);
    } catch (e) {
      this.fail('data', e);
      // Ready for a setDataset (the page's way back to MNIST): the settings and the backend probe are kept.
      this.config = valid.value;
      this.probeResult = await probing;
      return;
    }
    this.post(datasetMessage(this.data, this.deps.now() - t0));
    this.probeResult = await probing;
    await warming;
    if (resume && (await this.resume(resume.id, resume.save))) return;
    if (await this.build(configFor(valid.value, this.data.spec))) await this.show({ kind: 'new' });
  }

  /**
   * (Re)builds the runs for a config, switching backend if needed; `from` has one start per run (an import: one run).
   * `backend` overrides the config's choice (a fallback) without changing it; `replay` trains the rebuilt runs on to a step
   * (a lost device). Returns false when the backend failed to start.
   */
  private async build(config: RunConfig, opts: BuildOptions = {}): Promise<boolean> {
    const { backend, recover, fittedTo } = opts;
    let from = opts.from;
    if (!this.data || !this.probeResult) throw new Error('the dataset is not loaded yet');
    const dataset = this.data.spec;
    const held = checkHeldOutClass(config, dataset);
    if (!held.ok) {
      this.fail('invalid-settings', held.error);
      return false;
    }
    // One epoch of this dataset where the schedule is one epoch (MNIST's is unchanged).
    config = fitScheduleTo(config, this.data.train.count, fittedTo);
    if (startsFromSoftmax(config) && dataset.id !== 'mnist') {
      this.fail('start', `the quick lesson starts from a network trained on MNIST, not ${dataset.name}`);
      return false;
    }
    const startSpec = from?.[0]?.spec;
    if (startSpec && startSpec.numClasses !== numClassesOf(dataset)) {
      this.fail('invalid-file', `the weights have ${startSpec.numClasses} classes, ${dataset.name} has ${numClassesOf(dataset)}`);
      return false;
    }
    const decision = chooseBackend(backend ?? config.backend, this.probeResult);
    try {
      await activateBackend(decision.backend);
    } catch (e) {
      this.fail('backend', e);
      return false;
    }
    const fromSoftmax = !from && startsFromSoftmax(config);
    if (fromSoftmax) {
      try {
        this.softmaxStart ??= await this.deps.loadStart(this.dataUrl);
        from = softmaxStarts(this.softmaxStart.weights, runInfos(config));
      } catch (e) {
        // The lesson still runs without its start: from a fresh network, with the preset that needs none.
        config = fitScheduleTo(withPreset(config, 'fast'), this.data.train.count, fittedTo);
        this.post({ type: 'adjusted', change: { kind: 'start-missing', detail: e instanceof Error ? e.message : String(e) } });
      }
    }
    this.disposeRuns();
    this.decision = decision;
    this.deviceWatched = this.deps.watchDevice?.(decision.backend, (reason) => this.deviceLost(reason)) ?? false;
    const variant = from?.[0]?.spec.variant ?? resolveVariant(config.variant, decision);
    const spec = from?.[0]?.spec ?? modelSpec(variant, config.fc2Bias, { featDim: config.featDim, numClasses: numClassesOf(dataset) });
    // A start (a file, the shipped softmax network) brings its own feature dimension: the page draws the model it has.
    if (spec.featDim !== config.featDim) {
      if (fromSoftmax) this.post({ type: 'adjusted', change: { kind: 'start-feat-dim', asked: config.featDim, got: spec.featDim } });
      config = { ...config, featDim: spec.featDim };
    }
    this.config = config;
    const infos = runInfos(config);
    this.runs = makeRuns(infos, config, spec, this.data.train, from).map((r) => ({ ...r, capture: new LiveCapture(r.trainer) }));
    const indices = balancedSubset(this.data.test.labels, config.evalSize || defaultEvalSize(decision, infos.length), numClassesOf(dataset));
    this.evalSet = makeEvalSet(this.data.test, indices);
    this.stepsPerReport = 1;
    if (recover) {
      await replay(this.trained, recover.plan.changes, recover.target);
      await this.recovery.take(this.runs, config.hyper);
    } else this.recovery.rebuilt(from, this.main!.trainer.step, config.hyper);
    this.reportedStep = this.main!.trainer.step;
    this.prepareSteppers();
    return true;
  }

  /** The page learns of the model built, and sees its first scatter; its current weights are the last good ones. */
  private async show(history: ReadyHistory, status: RunStatus = 'idle'): Promise<void> {
    this.announce(history);
    for (const r of this.runs) {
      disposeSnapshot(r.lastGood);
      r.lastGood = r.trainer.snapshot();
    }
    this.setStatus(status);
    await this.embed();
  }

  /** Tells the page which model it now shows: after a build, and after a refused rebuild (the model it had). */
  private announce(history: ReadyHistory = { kind: 'new' }): void {
    if (!this.data || !this.evalSet || !this.main || !this.decision || !this.config) return;
    // The page clears every snapshot on ready: a frozen twin must be embedded again.
    this.frozenShown = false;
    this.post(readyMessage(this.runs, this.decision, this.config, this.data, this.evalSet, history));
  }

  /** A rebuild was refused: the page, which cleared its figures for the new model, gets the one it still has. */
  private async keepModel(): Promise<void> {
    if (!this.main) return;
    this.announce();
    this.setStatus('paused');
    await this.embed();
  }

  private disposeRuns(): void {
    for (const r of this.runs) {
      disposeSnapshot(r.lastGood);
      r.capture.dispose();
      r.trainer.dispose();
    }
    this.runs = [];
  }

  /** A paused scatter shows the weights it paused at, not the last snapshot's. */
  private async pause(): Promise<void> {
    if (this.status !== 'running') return;
    this.setStatus('paused');
    if (this.main && this.main.trainer.step !== this.embedPace.step) await this.embed();
  }

  private start(): void {
    if (!this.main || this.status === 'diverged' || this.status === 'running') return;
    this.setStatus('running');
    this.scheduleLoop();
  }

  /** Queues the next chunk of training behind whatever messages are waiting. */
  private scheduleLoop(): void {
    if (this.looping) return;
    this.looping = true;
    // A new task, so that messages posted meanwhile are handled before the next chunk.
    const nextTask = this.deps.nextTask ?? ((fn: () => void) => setTimeout(fn, 0));
    nextTask(() => {
      this.looping = false;
      if (this.status !== 'running') return;
      void this.handleInternal(async () => {
        if (this.status !== 'running') return;
        await this.chunk(this.stepsPerReport);
        if (this.status === 'running') this.scheduleLoop();
      });
    });
  }

  private handleInternal(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn);
    this.queue = run.catch((e: unknown) => {
      this.setStatus('paused');
      this.fail('internal', e);
    });
    return this.queue;
  }

  /** n steps of every run in lockstep, then one report each; embeds when due. */
  private async chunk(n: number, forceEmbed = false): Promise<void> {
    // Weights are known good only once the losses they go on to produce are finite.
    const runs = this.trained;
    const candidates = runs.map((r) => r.trainer.snapshot());
    const t0 = this.deps.now();
    const elsewhere = await this.stepElsewhere(runs, n);
    if (!elsewhere) for (let i = 0; i < n; i++) for (const r of runs) r.trainer.trainStep();
    const [stats, live] = elsewhere
      ? [elsewhere.map((s) => s.stats), elsewhere.map((s) => s.live)]
      : await Promise.all([Promise.all(runs.map((r) => r.trainer.readWindow())), Promise.all(runs.map((r) => r.capture.read()))]);
    // Runs stepped side by side each took their stepper's time (the steps may have been taken ahead); one after the other, a share of the whole.
    const ms = elsewhere ? Math.max(...elsewhere.map((s) => s.ms)) : this.deps.now() - t0;
    const msPerRun = elsewhere ? ms : ms / runs.length;
    const bad = stats.findIndex((s) => !s.finite);
    if (bad >= 0) {
      candidates.forEach(disposeSnapshot);
      return this.diverged(runs[bad]!);
    }
    runs.forEach((r, k) => {
      disposeSnapshot(r.lastGood);
      r.lastGood = candidates[k];
    });
    // Read once the old snapshots are gone: what the worker holds between chunks.
    const memory = memoryReport(tf.memory());
    runs.forEach((r, k) => {
      this.post({ type: 'progress', run: r.id, report: progressReport(r.trainer, stats[k]!, n, msPerRun, memory) });
      const l = live[k];
      if (l) this.post({ type: 'trainFeatures', run: r.id, ...l });
    });
    const seen = elsewhere ? elsewhere[0]!.augmented : augmentedDigits(this.main!.trainer);
    if (seen) this.post({ type: 'augmented', ...seen });
    this.stepsPerReport = stepsPerReportFor(ms / Math.max(1, n));
    this.reportedStep = this.main!.trainer.step;
    if (this.deviceWatched && this.recovery.due) await this.recovery.take(this.runs, this.config!.hyper);
    // Re-embed at most twice a second, and keep embedding under a tenth of the worker's time: on a CPU
    // an embed of the eval subset costs several training steps, and at 4× (a fifth) it cost 20% of images/s.
    if (forceEmbed || this.embedPace.due) await this.embed();
  }

  /**
   * n steps of each run in its own stepper, their states then taken by the session's trainers; null where the session steps the runs
   * itself: one run, a GPU (which runs them on its own), no steppers, or after a stepper failed (the trainers are then as they were).
   */
  private async stepElsewhere(runs: Run[], n: number): Promise<Stepped[] | null> {
    if (!this.steppers || !this.data || !this.sideBySide(runs)) return null;
    try {
      return await this.steppers.step(runs.map((r) => r.trainer), this.data.train, n);
    } catch (e) {
      this.dropSteppers(e);
      return null;
    }
  }

  /** Whether these runs train in steppers: several of them, on wasm (a GPU runs them one after the other, on itself). */
  private sideBySide(runs: readonly Run[]): boolean {
    return runs.length >= 2 && this.decision?.backend === 'wasm';
  }

  /** Steppers for the runs just built, started while the page draws them; none kept for a single run or a GPU. */
  private prepareSteppers(): void {
    if (!this.steppers || !this.data) return;
    try {
      if (this.sideBySide(this.trained)) this.steppers.prepare(this.trained.length, this.data.train);
      else this.steppers.close();
    } catch (e) {
      this.dropSteppers(e);
    }
  }

  /** The runs train one after the other in the session from now on, and the page is told why. */
  private dropSteppers(e: unknown): void {
    this.steppers?.close();
    this.steppers = undefined;
    this.post({ type: 'adjusted', change: { kind: 'steppers-failed', detail: e instanceof Error ? e.message : String(e) } });
  }

  private diverged(run: Run): void {
    const t = run.trainer;
    this.post({ type: 'diverged', run: run.id, lambda: t.hyper.lambda, step: t.step, hyper: t.hyper, lastGoodStep: run.lastGood?.state.step ?? 0 });
    this.setStatus('diverged');
  }

  private async stepN(n: number): Promise<void> {
    if (!this.main || this.status === 'diverged') return;
    if (this.status === 'running') this.setStatus('paused');
    await this.chunk(Math.max(1, Math.min(1000, Math.floor(n))), true);
    if ((this.status as RunStatus) !== 'diverged') this.setStatus('paused');
  }

  /** Images per forward pass when embedding the eval subset. */
  private get evalChunk(): number {
    return this.decision?.realGpu ? 1000 : 250;
  }

  /** Features of the eval subset, the centers and the metrics of every run. */
  private async embed(): Promise<void> {
    const set = this.evalSet;
    if (!set || !this.main) return;
    await this.steppers?.idle();
    const t0 = this.deps.now();
    // Every run embedded before any is posted: the page never shows one run at this step beside another at the last.
    const messages: WorkerToUi[] = [];
    // A frozen twin's picture never changes: embedded once after each build, not again.
    const runs = this.frozenShown ? this.trained : this.runs;
    this.frozenShown = true;
    for (const r of runs) messages.push(...(await embedMessages(r, set, this.evalChunk)));
    for (const m of messages) this.post(m);
    this.embedPace.done(t0, this.main.trainer.step);
  }

  /** One drawn digit through every run, between chunks: one readback of features and logits, one of the centers. */
  private async probe(id: number, pixels: Uint8Array): Promise<void> {
    if (!this.main || pixels.length !== PIXELS) return;
    this.post({ type: 'probed', id, results: await probeRuns(this.runs, pixels, this.data?.train.norm) });
  }

  private async reset(config: RunConfig): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) {
      this.fail('invalid-settings', valid.error);
      return this.keepModel();
    }
    this.status = 'paused';
    if (await this.build(valid.value)) await this.show({ kind: 'new' });
    else await this.keepModel();
  }

  private setHyper(id: number, patch: unknown): void {
    const valid = validateHyperPatch(patch);
    if (!valid.ok) return this.fail('rejected-change', valid.error, id);
    const main = this.main;
    if (!main || !this.config) return;
    // Takes effect at the next step: steps only run between messages. The runs share all but λ.
    const hyper: Hyper = { ...this.config.hyper, ...valid.value };
    apply(this.runs, hyper);
    this.recovery.changed(main.trainer.step, hyper);
    this.config = { ...this.config, hyper };
    this.post({ type: 'hyperApplied', id, step: main.trainer.step, hyper });
  }

  private async restoreLastGood(): Promise<void> {
    if (!this.main) return;
    for (const r of this.runs) {
      if (r.lastGood) r.trainer.restore(r.lastGood);
      r.capture.clear();
    }
    this.reportedStep = this.main.trainer.step;
    if (this.deviceWatched) await this.recovery.take(this.runs, this.config!.hyper);
    this.setStatus('paused');
    await this.embed();
  }

  private async exportWeights(id: number): Promise<void> {
    if (!this.main || !this.data || !this.decision || !this.evalSet) return this.fail('nothing-to-export', '', id);
    try {
      const files = await exportRunFiles(this.runs, { test: this.data.test, backend: this.decision.backend, evalSet: this.evalSet, chunk: this.evalChunk, dataset: this.dataset });
      this.post({ type: 'exported', id, files });
    } catch (e) {
      this.fail('export', e, id);
    }
  }

  /** The dataset the runs train on: what files and saves are checked against and record. */
  private get dataset(): DatasetSpec {
    return this.data?.spec ?? MNIST;
  }

  private async importWeights(id: number, json: string): Promise<void> {
    const parsed = parseWeightsFile(json, this.dataset);
    if (!parsed.ok) return this.fail(parsed.problem === 'not-json' ? 'not-json-file' : parsed.problem === 'not-weights' ? 'not-weights-file' : 'invalid-file', parsed.error, id);
    if (!this.config) return this.fail('not-ready', '', id);
    this.status = 'paused';
    const { config, start } = fromFile(this.config, parsed.value);
    if (!(await this.build(config, { from: [start] }))) return this.keepModel();
    await this.show({ kind: 'new' });
    this.post({ type: 'imported', id, step: start.state.step });
    this.setStatus('paused');
  }

  /** Every run's complete state, for the page to autosave. */
  private async checkpoint(id: number): Promise<void> {
    if (!this.main || !this.config || this.status === 'diverged') return this.fail('not-ready', '', id);
    const t0 = this.deps.now();
    const checkpoint = await checkpointOf(this.runs.map((r) => r.trainer), this.config, this.dataset);
    this.post({ type: 'checkpoint', id, ...checkpoint, ms: this.deps.now() - t0 });
  }

  /** A saved session, continued exactly: its weights, momentum, centers, step, place in the epoch and settings. */
  private async resume(id: number, save: unknown): Promise<boolean> {
    const valid = await openSave(save, this.dataset);
    if (!valid.ok) this.fail('invalid-save', valid.error, id);
    if (!valid.ok) return false;
    this.status = 'paused';
    const built = await this.build(valid.value.config, { from: startsOf(valid.value) });
    await (built ? this.show({ kind: 'resumed', id }, 'paused') : this.keepModel());
    return built;
  }

  /** Called outside the queue when the device goes: a run in progress resumes once rebuilt, even if its chunk failed. */
  private deviceLost(reason: string): void {
    const wasRunning = this.status === 'running';
    this.status = 'paused';
    void this.handleInternal(() => this.onDeviceLost(reason, wasRunning));
  }

  /** A lost GPU: rebuild every run on the next backend from the last CPU copy, and recompute the steps since, up to the last one reported. */
  private async onDeviceLost(reason: string, wasRunning: boolean): Promise<void> {
    const plan = this.recovery.plan;
    if (!this.config || !this.decision || !this.probeResult || !plan) return;
    const failed = this.decision.backend;
    const next = fallbackAfter(failed, this.probeResult);
    const target = this.reportedStep;
    this.post({ type: 'fallback', from: failed, to: next, reason, resumedStep: target, replayed: target - plan.changes[0]!.step });
    this.probeResult = withoutBackend(this.probeResult, failed);
    // The teacher's choice stays in the config (and the link); only this model runs on the fallback.
    if (!(await this.build(this.config, { from: plan.from, backend: next, recover: { plan, target } }))) return;
    await this.show({ kind: 'continues' }, 'paused');
    if (wasRunning) this.start();
  }
}
