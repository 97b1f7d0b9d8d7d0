/** The training session behind the worker: owns the data, the run(s) and the run loop. No DOM. */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, chooseBackend, fallbackAfter, resolveVariant, type BackendDecision, type BackendProbe } from '../ml/backend';
import { validateHyperPatch, validateRunConfig, type BackendName, type Hyper, type RunConfig } from '../ml/config';
import type { LoadedMnist } from '../ml/dataset';
import { evaluateTrainer, makeEvalSet, type EvalSet } from '../ml/headless';
import { modelSpec } from '../ml/lenetpp';
import { argmaxRows } from '../ml/metrics';
import { balancedSubset, classCounts, PIXELS } from '../ml/mnist';
import { disposeSnapshot, Trainer, type Snapshot } from '../ml/trainer';
import { parseWeightsFile } from '../ml/weights';
import { defaultEvalSize } from './evalSize';
import { copyToCpu, exportRunFiles, fromFile, type StartFrom } from './runFiles';
import { probeRuns, readyMessage } from './runMessages';
import { hyperFor, runInfos } from './runs';
import type { SessionDeps } from './sessionDeps';

export type { SessionDeps } from './sessionDeps';
import type { ErrorCode, RunInfo, RunStatus, UiToWorker, WorkerToUi } from './protocol';
import { memoryReport, progressReport, stepsPerReportFor } from './reporting';

const EMBED_MIN_INTERVAL_MS = 500;
/** An embed taking t ms is followed by at least 9t ms of training: embedding stays under 10% of the time. */
const EMBED_TIME_SHARE_INVERSE = 9;


/** How often a GPU run copies its weights to the CPU, so that a lost device loses little. */
const CPU_CHECKPOINT_MS = 2000;

interface Run extends RunInfo {
  trainer: Trainer;
  /** Device-side copy of the last weights whose losses were finite. */
  lastGood?: Snapshot;
}

export class Session {
  private data?: LoadedMnist;
  private probeResult?: BackendProbe;
  private decision?: BackendDecision;
  private config?: RunConfig;
  private runs: Run[] = [];
  private evalSet?: EvalSet;
  private status: RunStatus = 'loading';
  private stepsPerReport = 1;
  private lastEmbedAt = -Infinity;
  private lastEmbedMs = 0;
  private lastEmbedStep = -1;
  private queue: Promise<void> = Promise.resolve();
  private looping = false;
  /** One per run, in order. */
  private cpuCheckpoint?: StartFrom[];
  private cpuCheckpointAt = -Infinity;
  private deviceWatched = false;

  constructor(private readonly deps: SessionDeps) {}

  /** Messages run one at a time, between chunks of training. */
  handle(msg: UiToWorker): Promise<void> {
    const run = this.queue.then(() => this.dispatch(msg));
    this.queue = run.catch((e: unknown) => this.fail('internal', e));
    return this.queue;
  }

  private async dispatch(msg: UiToWorker): Promise<void> {
    switch (msg.type) {
      case 'init':
        return this.init(msg.dataUrl, msg.config);
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
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  private get main(): Run | undefined {
    return this.runs[0];
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

  private async init(dataUrl: string, config: RunConfig): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) return this.fail('invalid-settings', valid.error);
    const t0 = this.deps.now();
    // Probe and start the backend while the data downloads: the wasm module compiles and spawns its
    // thread pool meanwhile, so the first scatter comes sooner. build() reports any failure.
    const probing = this.deps.probe();
    const warming = probing.then((p) => activateBackend(chooseBackend(valid.value.backend, p).backend)).catch(() => undefined);
    try {
      this.data = await this.deps.loadData(dataUrl);
    } catch (e) {
      return this.fail('data', e);
    }
    const { train, test, bytes } = this.data;
    const sample = Math.min(48, test.count);
    this.post({
      type: 'dataset',
      info: {
        trainCount: train.count,
        testCount: test.count,
        trainClassCounts: classCounts(train.labels),
        testClassCounts: classCounts(test.labels),
        bytes,
        loadMs: this.deps.now() - t0,
        samplePixels: test.pixels.slice(0, sample * PIXELS),
        sampleLabels: test.labels.slice(0, sample),
      },
    });
    this.probeResult = await probing;
    await warming;
    await this.build(valid.value);
  }

  /**
   * (Re)builds the runs for a config, switching backend if needed; `from` has one start per run (an import: one run).
   * `backend` overrides the config's choice (a fallback) without changing it. Returns false when the backend failed to start.
   */
  private async build(config: RunConfig, from?: StartFrom[], backend?: BackendName): Promise<boolean> {
    if (!this.data || !this.probeResult) throw new Error('the dataset is not loaded yet');
    const decision = chooseBackend(backend ?? config.backend, this.probeResult);
    try {
      await activateBackend(decision.backend);
    } catch (e) {
      this.fail('backend', e);
      return false;
    }
    this.disposeRuns();
    this.decision = decision;
    this.deviceWatched = this.deps.watchDevice?.(decision.backend, (reason) => void this.handleInternal(() => this.onDeviceLost(reason))) ?? false;
    const variant = from?.[0]?.spec.variant ?? resolveVariant(config.variant, decision);
    this.config = config;
    const spec = from?.[0]?.spec ?? modelSpec(variant, config.fc2Bias);
    this.cpuCheckpoint = undefined;
    this.cpuCheckpointAt = this.deps.now();
    const infos = runInfos(config);
    // Same seed: identical initial weights and the same batches, so the runs differ by λ alone.
    this.runs = infos.map((info, k) => {
      const start = from?.[k];
      return {
        ...info,
        trainer: new Trainer({
          spec,
          hyper: hyperFor(info, config.hyper),
          seed: config.seed,
          train: this.data!.train,
          heldOutClass: config.heldOutClass,
          ...(start ? { values: start.params, centers: start.centers, state: start.state } : {}),
        }),
      };
    });
    const indices = balancedSubset(this.data.test.labels, config.evalSize || defaultEvalSize(decision, infos.length));
    this.evalSet = makeEvalSet(this.data.test, indices);
    this.stepsPerReport = 1;
    this.announce();
    for (const r of this.runs) r.lastGood = r.trainer.snapshot();
    this.setStatus('idle');
    await this.embed();
    return true;
  }

  /** Tells the page which model it now shows: after a build, and after a refused rebuild (the model it had). */
  private announce(): void {
    if (!this.data || !this.evalSet || !this.main || !this.decision || !this.config) return;
    this.post(readyMessage(this.runs, this.decision, this.config, this.data, this.evalSet));
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
      r.trainer.dispose();
    }
    this.runs = [];
  }

  /** A paused scatter shows the weights it paused at, not the last snapshot's. */
  private async pause(): Promise<void> {
    if (this.status !== 'running') return;
    this.setStatus('paused');
    if (this.main && this.main.trainer.step !== this.lastEmbedStep) await this.embed();
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
    const candidates = this.runs.map((r) => r.trainer.snapshot());
    const t0 = this.deps.now();
    for (let i = 0; i < n; i++) for (const r of this.runs) r.trainer.trainStep();
    const stats = await Promise.all(this.runs.map((r) => r.trainer.readWindow()));
    const ms = this.deps.now() - t0;
    const bad = stats.findIndex((s) => !s.finite);
    if (bad >= 0) {
      candidates.forEach(disposeSnapshot);
      return this.diverged(this.runs[bad]!);
    }
    this.runs.forEach((r, k) => {
      disposeSnapshot(r.lastGood);
      r.lastGood = candidates[k];
    });
    // Read once the old snapshots are gone: what the worker holds between chunks.
    const memory = memoryReport(tf.memory());
    this.runs.forEach((r, k) => this.post({ type: 'progress', run: r.id, report: progressReport(r.trainer, stats[k]!, n, ms / this.runs.length, memory) }));
    this.stepsPerReport = stepsPerReportFor(ms / Math.max(1, n));
    if (this.deviceWatched && this.deps.now() - this.cpuCheckpointAt >= CPU_CHECKPOINT_MS) await this.checkpointToCpu();
    // Re-embed at most twice a second, and keep embedding under a tenth of the worker's time: on a CPU
    // an embed of the eval subset costs several training steps, and at 4× (a fifth) it cost 20% of images/s.
    const due = this.deps.now() - this.lastEmbedAt >= Math.max(EMBED_MIN_INTERVAL_MS, EMBED_TIME_SHARE_INVERSE * this.lastEmbedMs);
    if (forceEmbed || due) await this.embed();
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
    const t0 = this.deps.now();
    for (const r of this.runs) {
      const { metrics, features, logits, centers } = await evaluateTrainer(r.trainer, set, this.evalChunk);
      const step = r.trainer.step;
      this.post({ type: 'evalMetrics', run: r.id, step, metrics });
      this.post({ type: 'embedding', run: r.id, step, features, predictions: argmaxRows(logits, r.trainer.spec.numClasses), centers: centers.slice() });
    }
    this.lastEmbedAt = this.deps.now();
    this.lastEmbedStep = this.main.trainer.step;
    this.lastEmbedMs = this.lastEmbedAt - t0;
  }

  /** One drawn digit through every run, between chunks: one readback of features and logits, one of the centers. */
  private async probe(id: number, pixels: Uint8Array): Promise<void> {
    if (!this.main || pixels.length !== PIXELS) return;
    this.post({ type: 'probed', id, results: await probeRuns(this.runs, pixels) });
  }


  private async reset(config: RunConfig): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) {
      this.fail('invalid-settings', valid.error);
      return this.keepModel();
    }
    this.status = 'paused';
    if (!(await this.build(valid.value))) await this.keepModel();
  }

  private setHyper(id: number, patch: unknown): void {
    const valid = validateHyperPatch(patch);
    if (!valid.ok) return this.fail('rejected-change', valid.error, id);
    const main = this.main;
    if (!main || !this.config) return;
    // Takes effect at the next step: steps only run between messages. The runs share all but λ.
    const hyper: Hyper = { ...this.config.hyper, ...valid.value };
    for (const r of this.runs) {
      if (r.followsLambda) r.lambda = hyper.lambda;
      r.trainer.setHyper(hyperFor(r, hyper));
    }
    this.config = { ...this.config, hyper };
    this.post({ type: 'hyperApplied', id, step: main.trainer.step, hyper });
  }

  private async restoreLastGood(): Promise<void> {
    if (!this.main) return;
    for (const r of this.runs) if (r.lastGood) r.trainer.restore(r.lastGood);
    this.setStatus('paused');
    await this.embed();
  }

  private async exportWeights(id: number): Promise<void> {
    if (!this.main || !this.data || !this.decision || !this.evalSet) return this.fail('nothing-to-export', '', id);
    try {
      const files = await exportRunFiles(this.runs, { test: this.data.test, backend: this.decision.backend, evalSet: this.evalSet, chunk: this.evalChunk });
      this.post({ type: 'exported', id, files });
    } catch (e) {
      this.fail('export', e, id);
    }
  }

  private async importWeights(id: number, json: string): Promise<void> {
    const parsed = parseWeightsFile(json);
    if (!parsed.ok) return this.fail('invalid-file', parsed.error, id);
    if (!this.config) return this.fail('not-ready', '', id);
    this.status = 'paused';
    const { config, start } = fromFile(this.config, parsed.value);
    if (!(await this.build(config, [start]))) return this.keepModel();
    this.post({ type: 'imported', id, step: start.state.step });
    this.setStatus('paused');
  }

  private async checkpointToCpu(): Promise<void> {
    this.cpuCheckpoint = await copyToCpu(this.runs.map((r) => r.trainer));
    this.cpuCheckpointAt = this.deps.now();
  }

  /** A lost GPU: rebuild on the next backend from the last weights copied to the CPU. */
  private async onDeviceLost(reason: string): Promise<void> {
    if (!this.config || !this.decision || !this.probeResult) return;
    const wasRunning = this.status === 'running';
    this.status = 'paused';
    const failed = this.decision.backend;
    const next = fallbackAfter(failed, this.probeResult);
    // Every run resumes from its own copy: they were all taken at the same step.
    const from = this.cpuCheckpoint;
    this.post({ type: 'fallback', from: failed, to: next, reason, resumedStep: from?.[0]?.state.step ?? null });
    this.probeResult = { ...this.probeResult, webgpu: failed === 'webgpu' ? null : this.probeResult.webgpu, webgl: failed === 'webgl' ? null : this.probeResult.webgl };
    // The teacher's choice stays in the config (and the link); only this model runs on the fallback.
    await this.build(this.config, from, next);
    if (wasRunning) this.start();
  }
}
