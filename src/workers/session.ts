/** The training session behind the worker: owns the data, the trainer and the run loop. No DOM. */
import { activateBackend, chooseBackend, defaultEvalSize, fallbackAfter, poolModeFor, resolveVariant, type BackendDecision, type BackendProbe } from '../ml/backend';
import { validateHyperPatch, validateRunConfig, type BackendName, type RunConfig } from '../ml/config';
import type { LoadedMnist } from '../ml/dataset';
import { modelSpec, parameterCount } from '../ml/lenetpp';
import { evalMetrics, argmaxRows, type EvalMetrics } from '../ml/metrics';
import { balancedSubset, classCounts, gatherImages, PIXELS } from '../ml/mnist';
import type { ModelSpec } from '../ml/lenetpp';
import { disposeSnapshot, Trainer, type Snapshot, type TrainerState } from '../ml/trainer';
import { buildWeightsFile, parseWeightsFile, PROBE_COUNT, serializeWeights } from '../ml/weights';
import type { ErrorCode, RunStatus, UiToWorker, WorkerToUi } from './protocol';

export interface SessionDeps {
  post(msg: WorkerToUi): void;
  probe(): Promise<BackendProbe>;
  loadData(dataUrl: string): Promise<LoadedMnist>;
  now(): number;
  /** Watches the backend's device; returns whether it can be lost (then the weights are copied to the CPU now and then). */
  watchDevice?(backend: BackendName, onLost: (reason: string) => void): boolean;
}

/** Aim for about ten progress reports a second. */
export const REPORT_INTERVAL_MS = 100;
const MAX_STEPS_PER_REPORT = 200;

/** Reports every N steps, N adapted to the measured step time: the training rate stays apart from the drawing rate. */
export function stepsPerReportFor(msPerStep: number): number {
  if (!(msPerStep > 0)) return 1;
  return Math.min(MAX_STEPS_PER_REPORT, Math.max(1, Math.round(REPORT_INTERVAL_MS / msPerStep)));
}

export function shouldReport(step: number, stepsPerReport: number): boolean {
  return step % stepsPerReport === 0;
}

/** Weights to start a model from instead of a fresh initialisation. */
interface StartFrom {
  spec: ModelSpec;
  params: Map<string, Float32Array>;
  centers: Float32Array;
  state: TrainerState;
}

/** How often a GPU run copies its weights to the CPU, so that a lost device loses little. */
const CPU_CHECKPOINT_MS = 2000;

interface EvalSet {
  indices: Uint32Array;
  labels: Uint8Array;
  images: Float32Array;
}

export class Session {
  private data?: LoadedMnist;
  private probeResult?: BackendProbe;
  private decision?: BackendDecision;
  private config?: RunConfig;
  private trainer?: Trainer;
  private evalSet?: EvalSet;
  private status: RunStatus = 'loading';
  private lastGood?: Snapshot;
  private stepsPerReport = 1;
  private lastEmbedAt = -Infinity;
  private lastEmbedMs = 0;
  private metrics: EvalMetrics | null = null;
  private cpuCheckpoint?: StartFrom;
  private cpuCheckpointAt = -Infinity;
  private deviceWatched = false;
  private queue: Promise<void> = Promise.resolve();
  private looping = false;

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
        return this.setStatus(this.status === 'running' ? 'paused' : this.status);
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
      default: {
        const never: never = msg;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  }

  private post(msg: WorkerToUi): void {
    this.deps.post(msg);
  }

  private fail(code: ErrorCode, e: unknown, requestId?: number): void {
    const message = e instanceof Error ? e.message : String(e);
    this.post({ type: 'error', code, message, ...(requestId !== undefined ? { requestId } : {}) });
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.post({ type: 'status', status, step: this.trainer?.step ?? 0 });
  }

  private async init(dataUrl: string, config: RunConfig): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) return this.fail('config', new Error(`Invalid settings: ${valid.error}`));
    const t0 = this.deps.now();
    try {
      this.data = await this.deps.loadData(dataUrl);
    } catch (e) {
      this.status = 'loading';
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
    this.probeResult = await this.deps.probe();
    await this.build(valid.value);
  }

  /** (Re)builds the trainer for a config, switching backend if needed. */
  private async build(config: RunConfig, from?: StartFrom): Promise<void> {
    if (!this.data || !this.probeResult) throw new Error('the dataset is not loaded yet');
    const decision = chooseBackend(config.backend, this.probeResult);
    try {
      await activateBackend(decision.backend);
    } catch (e) {
      this.fail('backend', e);
      return;
    }
    this.disposeRun();
    this.decision = decision;
    this.deviceWatched = this.deps.watchDevice?.(decision.backend, (reason) => void this.handleInternal(() => this.onDeviceLost(reason))) ?? false;
    const variant = from?.spec.variant ?? resolveVariant(config.variant, decision);
    this.config = config;
    const spec = from?.spec ?? modelSpec(variant, config.fc2Bias);
    this.cpuCheckpoint = undefined;
    this.cpuCheckpointAt = this.deps.now();
    this.trainer = new Trainer({
      spec,
      hyper: config.hyper,
      seed: config.seed,
      pool: poolModeFor(decision.backend),
      train: this.data.train,
      heldOutClass: config.heldOutClass,
      ...(from ? { values: from.params, centers: from.centers, state: from.state } : {}),
    });
    const size = config.evalSize || defaultEvalSize(decision);
    const indices = balancedSubset(this.data.test.labels, size);
    this.evalSet = { indices, labels: Uint8Array.from(indices, (i) => this.data!.test.labels[i]!), images: gatherImages(this.data.test, indices) };
    const evalPixels = new Uint8Array(indices.length * PIXELS);
    indices.forEach((i, k) => evalPixels.set(this.data!.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
    this.metrics = null;
    this.stepsPerReport = 1;
    this.post({
      type: 'ready',
      backend: { backend: decision.backend, reason: decision.reason, adapter: decision.adapter, realGpu: decision.realGpu, variant, parameters: parameterCount(spec) },
      config: this.config,
      step: this.trainer.step,
      evalIndices: indices.slice(),
      evalLabels: this.evalSet.labels.slice(),
      evalPixels,
      trainClassCounts: classCounts(this.trainingLabels()),
    });
    this.lastGood = this.trainer.snapshot();
    this.setStatus('idle');
    await this.embed();
  }

  private trainingLabels(): Uint8Array {
    const held = this.trainer!.heldOutClass;
    return held === null ? this.data!.train.labels : this.data!.train.labels.filter((y) => y !== held);
  }

  private disposeRun(): void {
    disposeSnapshot(this.lastGood);
    this.lastGood = undefined;
    this.trainer?.dispose();
    this.trainer = undefined;
  }

  private start(): void {
    if (!this.trainer || this.status === 'diverged' || this.status === 'running') return;
    this.setStatus('running');
    this.scheduleLoop();
  }

  /** Queues the next chunk of training behind whatever messages are waiting. */
  private scheduleLoop(): void {
    if (this.looping) return;
    this.looping = true;
    // A macrotask, so that messages posted meanwhile are queued before the next chunk.
    setTimeout(() => {
      this.looping = false;
      if (this.status !== 'running') return;
      void this.handleInternal(async () => {
        if (this.status !== 'running') return;
        await this.chunk(this.stepsPerReport);
        if (this.status === 'running') this.scheduleLoop();
      });
    }, 0);
  }

  private handleInternal(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn);
    this.queue = run.catch((e: unknown) => {
      this.setStatus('paused');
      this.fail('internal', e);
    });
    return this.queue;
  }

  /** n steps, then one report; embeds when due. */
  private async chunk(n: number, forceEmbed = false): Promise<void> {
    const trainer = this.trainer!;
    // Weights are known good only once the losses they go on to produce are finite.
    const candidate = trainer.snapshot();
    const t0 = this.deps.now();
    for (let i = 0; i < n; i++) trainer.trainStep();
    const stats = await trainer.readWindow();
    const ms = this.deps.now() - t0;
    if (!stats.finite) {
      disposeSnapshot(candidate);
      this.status = 'diverged';
      const lastGoodStep = this.lastGood?.state.step ?? 0;
      this.post({
        type: 'diverged',
        step: trainer.step,
        hyper: trainer.hyper,
        lastGoodStep,
        message: `The loss became NaN or infinite by step ${trainer.step} (λ ${trainer.hyper.lambda}, α ${trainer.hyper.alpha}, lr ${trainer.hyper.lr}). Training paused; restore the weights of step ${lastGoodStep}.`,
      });
      this.setStatus('diverged');
      return;
    }
    this.post({
      type: 'progress',
      report: {
        step: trainer.step,
        epoch: trainer.epoch,
        epochProgress: trainer.sampler.cursor / trainer.sampler.size,
        lr: trainer.lr,
        ce: stats.ce,
        centerLoss: stats.centerLoss,
        centerLossPaper: stats.centerLossPaper,
        weightedCenterLoss: trainer.hyper.lambda * stats.centerLoss,
        total: stats.total,
        batch: stats.last,
        trainAccuracy: stats.accuracy,
        gradNorm: stats.gradNorm,
        imagesPerSec: (stats.images / ms) * 1000,
        stepsPerReport: n,
      },
    });
    this.stepsPerReport = stepsPerReportFor(ms / Math.max(1, n));
    disposeSnapshot(this.lastGood);
    this.lastGood = candidate;
    if (this.deviceWatched && this.deps.now() - this.cpuCheckpointAt >= CPU_CHECKPOINT_MS) await this.checkpointToCpu();
    const due = this.deps.now() - this.lastEmbedAt >= Math.max(500, 4 * this.lastEmbedMs);
    if (forceEmbed || due) await this.embed();
  }

  private async stepN(n: number): Promise<void> {
    if (!this.trainer || this.status === 'diverged') return;
    if (this.status === 'running') this.setStatus('paused');
    const count = Math.max(1, Math.min(1000, Math.floor(n)));
    await this.chunk(count, true);
    if ((this.status as RunStatus) !== 'diverged') this.setStatus('paused');
  }

  /** Features of the eval subset, the centers, and the metrics: one readback. */
  private async embed(): Promise<void> {
    const trainer = this.trainer;
    const set = this.evalSet;
    if (!trainer || !set) return;
    const t0 = this.deps.now();
    const chunk = this.decision?.realGpu ? 1000 : 250;
    const [{ features, logits }, centers] = await Promise.all([trainer.embed(set.images, set.indices.length, chunk), trainer.readCenters()]);
    const predictions = argmaxRows(logits, trainer.spec.numClasses);
    this.metrics = evalMetrics(features, logits, set.labels, centers, trainer.spec.featDim, trainer.spec.numClasses);
    this.lastEmbedAt = this.deps.now();
    this.lastEmbedMs = this.lastEmbedAt - t0;
    this.post({ type: 'evalMetrics', step: trainer.step, metrics: this.metrics });
    this.post({ type: 'embedding', step: trainer.step, features, predictions, centers: centers.slice() });
  }

  private async reset(config: RunConfig): Promise<void> {
    const valid = validateRunConfig(config);
    if (!valid.ok) return this.fail('config', new Error(`Invalid settings: ${valid.error}`));
    this.status = 'paused';
    await this.build(valid.value);
  }

  private setHyper(id: number, patch: unknown): void {
    const valid = validateHyperPatch(patch);
    if (!valid.ok) return this.fail('config', new Error(`Rejected: ${valid.error}`), id);
    if (!this.trainer || !this.config) return;
    // Takes effect at the next step: steps only run between messages.
    this.trainer.setHyper(valid.value);
    this.config = { ...this.config, hyper: this.trainer.hyper };
    this.post({ type: 'hyperApplied', id, step: this.trainer.step, hyper: this.trainer.hyper });
  }

  private async restoreLastGood(): Promise<void> {
    if (!this.trainer || !this.lastGood) return;
    this.trainer.restore(this.lastGood);
    this.setStatus('paused');
    await this.embed();
  }

  private async exportWeights(id: number): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || !this.data || !this.decision || !this.config) return this.fail('export', new Error('No model to export yet'), id);
    try {
      const probeIdx = Array.from({ length: PROBE_COUNT }, (_, i) => i);
      const probeImages = gatherImages(this.data.test, probeIdx);
      const [params, centers, probe] = await Promise.all([trainer.readParams(), trainer.readCenters(), trainer.embed(probeImages, PROBE_COUNT)]);
      const file = buildWeightsFile({
        spec: trainer.spec,
        params,
        centers,
        hyper: trainer.hyper,
        training: { step: trainer.step, epoch: trainer.epoch, cursor: trainer.sampler.cursor, seed: trainer.seed, backend: this.decision.backend, heldOutClass: trainer.heldOutClass },
        metrics: this.metrics,
        probe: { testIndices: probeIdx, features: probe.features, logits: probe.logits },
      });
      const fileName = `center-loss-lab-${trainer.spec.variant}-step${trainer.step}.json`;
      this.post({ type: 'exported', id, json: serializeWeights(file), fileName });
    } catch (e) {
      this.fail('export', e, id);
    }
  }

  private async importWeights(id: number, json: string): Promise<void> {
    const parsed = parseWeightsFile(json);
    if (!parsed.ok) return this.fail('import', new Error(`This weights file was not loaded: ${parsed.error}`), id);
    if (!this.config) return this.fail('import', new Error('The app is not ready yet'), id);
    const f = parsed.value.file;
    this.status = 'paused';
    const config: RunConfig = {
      ...this.config,
      hyper: f.hyper,
      variant: f.model.variant,
      fc2Bias: f.model.fc2Bias,
      seed: f.training.seed,
      heldOutClass: f.training.heldOutClass,
    };
    const state = { step: f.training.step, sampler: { epoch: f.training.epoch, cursor: f.training.cursor } };
    await this.build(config, { spec: parsed.value.spec, params: parsed.value.params, centers: parsed.value.centers, state });
    this.post({ type: 'imported', id, step: f.training.step });
    this.setStatus('paused');
  }

  private async checkpointToCpu(): Promise<void> {
    const trainer = this.trainer!;
    const state = trainer.state;
    const [params, centers] = await Promise.all([trainer.readParams(), trainer.readCenters()]);
    this.cpuCheckpoint = { spec: trainer.spec, params, centers, state };
    this.cpuCheckpointAt = this.deps.now();
  }

  /** A lost GPU: rebuild on the next backend from the last weights copied to the CPU. */
  private async onDeviceLost(reason: string): Promise<void> {
    if (!this.config || !this.decision || !this.probeResult) return;
    const wasRunning = this.status === 'running';
    this.status = 'paused';
    const failed = this.decision.backend;
    const next = fallbackAfter(failed, this.probeResult);
    const from = this.cpuCheckpoint;
    const resumed = from ? `from step ${from.state.step}` : 'from a fresh model (no copy of the weights had been made yet)';
    this.fail('device-lost', new Error(`The GPU device was lost (${reason}). Training continues on ${next.toUpperCase()} ${resumed}.`));
    this.probeResult = { ...this.probeResult, webgpu: failed === 'webgpu' ? null : this.probeResult.webgpu, webgl: failed === 'webgl' ? null : this.probeResult.webgl };
    await this.build({ ...this.config, backend: next }, from);
    if (wasRunning) this.start();
  }
}
