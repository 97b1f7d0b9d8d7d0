/** One LeNet++ run: its parameters, its loss head (src/ml/losses) and the head's centers, its optimizer, and one training step. */
import * as tf from '@tensorflow/tfjs';
import { learningRateAt, type Hyper, type OptimizerKind } from './config';
import { updatedCenters } from './centers';
import { centerLoss } from './losses/centerTerms';
import { lossMathOf } from './losses/heads';
import { lossOf } from './losses/registry';
import type { LossMath } from './losses/types';
import { frozenParamNames } from './architecture';
import { convStages, createParams, deepFeatures, fc2Of, featuresFrom, initialValues, type ModelSpec, type Params, type PoolMode } from './lenetpp';
import { gatherLabels, type IdxSplit } from './idx';
import { clipFactor, globalNorm } from './optimizer';
import { ModelOptimizer } from './modelOptimizer';
import type { OptimizerState } from './optimizerState';
import { deriveRng, type Rng } from './rng';
import { BatchSampler, trainingIndices, type SamplerState } from './sampler';
import { BatchSource } from './batchSource';

/** Means over the steps since the last read, and the last step's batch values. */
export interface WindowStats {
  steps: number;
  images: number;
  ce: number;
  centerLoss: number;
  /** The paper's ½ Σ convention, for display beside the reference value. */
  centerLossPaper: number;
  total: number;
  accuracy: number;
  gradNorm: number;
  last: { ce: number; centerLoss: number; total: number };
  finite: boolean;
}

/** Takes each step's training features as the step computed them, with their labels, and owns the tensor from then on. */
export interface FeatureSink {
  take(features: tf.Tensor2D, labels: Uint8Array): void;
}

export interface TrainerState {
  step: number;
  sampler: SamplerState;
}

export interface TrainerInit {
  spec: ModelSpec;
  hyper: Hyper;
  seed: number;
  /** 'native' (tf.maxPool) unless a check asks for 'reshape'. */
  pool?: PoolMode;
  train: IdxSplit;
  heldOutClass: number | null;
  /** Start from these values instead of a fresh initialisation (import, restore). */
  values?: Map<string, Float32Array>;
  centers?: Float32Array;
  /** The optimizer's state (a resume), of the kind hyper.optimizer names; zero buffers at update 0 when absent (a fresh run, an import). */
  optimizer?: OptimizerState;
  state?: TrainerState;
}

/** Centers ~ N(0, 1), [C, d], from their own seeded stream. */
export function initialCenters(spec: ModelSpec, rng: Rng): Float32Array {
  const c = new Float32Array(spec.numClasses * spec.featDim);
  for (let i = 0; i < c.length; i++) c[i] = rng.normal();
  return c;
}

// Slots of the on-device window sums.
/** The frozen stages' output kept for one set of images, one tensor per embed chunk. */
interface TrunkCache {
  images: Float32Array;
  count: number;
  chunk: number;
  stages: number;
  outputs: tf.Tensor4D[];
}

/** At most 8 M floats (32 MB) of kept stage outputs: the slim model's 500 eval digits after stage 2 take 0.8 M. */
const TRUNK_CACHE_FLOATS = 8_000_000;

/** Floats one image leaves after the first `stages` conv stages (each ends in a 2×2 pool). */
function trunkFloatsPerImage(spec: ModelSpec, stages: number): number {
  const side = 28 >> stages;
  const stage = spec.widths[stages - 1]!;
  return side * side * stage[stage.length - 1]!;
}

const S_CE = 0, S_LC = 1, S_TOTAL = 2, S_CORRECT = 3, S_COUNT = 4, S_GNORM = 5, S_LC_PAPER = 6, S_LEN = 7;

export class Trainer {
  readonly spec: ModelSpec;
  readonly seed: number;
  readonly heldOutClass: number | null;
  hyper: Hyper;
  step: number;
  readonly sampler: BatchSampler;
  private readonly pool: PoolMode;
  private readonly train: IdxSplit;
  private readonly params: Params;
  private readonly paramList: Array<[string, tf.Variable]>;
  /** hyper.optimizer when built: changing the optimizer rebuilds the run. */
  private readonly optimizer: ModelOptimizer;
  /** hyper.loss when built: changing the loss rebuilds the run. */
  readonly loss: LossMath;
  /**
   * The class centers: center loss trains against them; under every head they follow the same update from the features, so that the
   * figures that read them (nearest-center accuracy, the trails) compare across runs.
   */
  readonly centers: tf.Variable;
  private readonly sums: tf.Variable;
  private readonly last: tf.Variable;
  private windowSteps = 0;
  private disposed = false;
  /** Where each step's training features go (the worker's live capture); none: they are released with the step. */
  featureSink: FeatureSink | null = null;
  /** Counts the changes to the weights, centers or place in the data (a step, a restore, a load): a copy taken at one revision is stale at the next. */
  revision = 0;
  private trunkCache: TrunkCache | null = null;
  /** Where the batches come from: the images (augmented, or gathered on the device) of the sampler's indices; the last batch, for the page. */
  readonly batches: BatchSource;

  constructor(init: TrainerInit) {
    // Checked before any tensor is made, so that a refusal leaks none.
    if (init.optimizer && init.optimizer.kind !== init.hyper.optimizer) throw new Error(`the optimizer state is ${init.optimizer.kind}'s, but the run trains with ${init.hyper.optimizer}`);
    this.spec = init.spec;
    this.seed = init.seed;
    this.heldOutClass = init.heldOutClass;
    this.hyper = init.hyper;
    this.pool = init.pool ?? 'native';
    this.train = init.train;
    const values = init.values ?? initialValues(init.spec, deriveRng(init.seed, 1));
    this.params = createParams(init.spec, values);
    this.paramList = [...this.params.entries()];
    // Each variable is made in a tidy so that the tensor it starts from is released.
    const variable = (make: () => tf.Tensor) => tf.tidy(() => tf.variable(make(), false));
    this.optimizer = new ModelOptimizer(init.hyper.optimizer, this.paramList, init.optimizer);
    this.loss = lossMathOf(init.hyper.loss);
    const c = init.centers ?? initialCenters(init.spec, deriveRng(init.seed, 2));
    this.centers = variable(() => tf.tensor2d(c, [init.spec.numClasses, init.spec.featDim]));
    this.sums = variable(() => tf.zeros([S_LEN]));
    this.last = variable(() => tf.zeros([3]));
    this.sampler = new BatchSampler(trainingIndices(init.train.labels, init.heldOutClass), init.seed);
    this.step = init.state?.step ?? 0;
    if (init.state) this.sampler.restore(init.state.sampler);
    this.batches = new BatchSource(init.train, init.spec.numClasses, init.seed, this.sampler);
  }

  get optimizerKind(): OptimizerKind {
    return this.optimizer.kind;
  }

  get epoch(): number {
    return this.sampler.epoch;
  }

  get stepsPerEpoch(): number {
    return this.sampler.stepsPerEpoch(this.hyper.batchSize);
  }

  /** The model's learning rate for the next step. */
  get lr(): number {
    return learningRateAt(this.hyper, this.step, this.stepsPerEpoch);
  }

  get state(): TrainerState {
    return { step: this.step, sampler: this.sampler.state };
  }

  setHyper(patch: Partial<Hyper>): void {
    this.hyper = { ...this.hyper, ...patch };
  }

  /** One optimizer step on the next batch. Nothing is read back. */
  trainStep(): void {
    const h = this.hyper;
    const idx = this.batches.next(h, this.step);
    const m = idx.length;
    const lr = this.lr;
    const step = this.step;
    const usesCenters = lossOf(h).usesCenters;
    const frozen = frozenParamNames(this.spec, h.frozenStages ?? 0);
    // Only what learns is differentiated: tfjs then skips the frozen stages' backward pass, the larger part of a step.
    const learning = frozen.size === 0 ? this.paramList : this.paramList.filter(([name]) => !frozen.has(name));
    const vars = learning.map(([, v]) => v);
    // Made outside the tidy: the uploaded set outlives the step.
    const set = this.batches.residentSet();
    tf.tidy(() => {
      const { x, oneHot } = this.batches.tensors(idx, set, h, step);
      let features: tf.Tensor2D | undefined;
      let logits: tf.Tensor2D | undefined;
      let ce: tf.Scalar | undefined;
      let lc: tf.Scalar | undefined;
      const centers = this.centers as tf.Tensor2D;
      const { value: total, grads } = tf.variableGrads(() => {
        const f = deepFeatures(this.spec, this.params, x, this.pool);
        const out = this.loss.loss({ features: f, ...fc2Of(this.spec, this.params), oneHot, centers: usesCenters ? centers : null, hyper: h, step });
        features = tf.keep(f);
        logits = tf.keep(out.logits);
        ce = tf.keep(out.parts.ce!);
        lc = tf.keep(out.parts.centerLoss ?? tf.scalar(0));
        return out.total;
      }, vars);
      // The kept tensors belong to this step alone.
      const kept = [logits!, ce!, lc!];
      if (this.featureSink) this.featureSink.take(features!, Uint8Array.from(gatherLabels(this.train, idx)));
      else kept.push(features!);
      // A parameter the head leaves out (the angular heads' fc2 bias) has no gradient: zero.
      const gradList = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
      const norm = globalNorm(gradList);
      const scale = h.clip > 0 ? clipFactor(norm, h.clip) : undefined;
      learning.forEach(([name, w], i) => {
        const g = scale ? tf.mul(gradList[i]!, scale) : gradList[i]!;
        this.optimizer.update(name, w, g, lr, h);
      });
      // The centers see the features of this forward pass, before the model moved.
      const update = this.loss.updateCenters ?? ((f, c, y, hh) => updatedCenters(hh.rule, f, c, y, hh.alpha));
      this.centers.assign(update(features!, centers, oneHot, h));
      // Accuracy by the logits the head reports (no margin), as the test accuracy is measured.
      const plain = lossOf(h).angular ? this.loss.logits(features!, fc2Of(this.spec, this.params).weight, null, h) : logits!;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(plain, 1), tf.argMax(oneHot, 1)), 'float32'));
      // Heads without centers still report L_C of the tracked centers, as a figure (it does not enter their total).
      const lcShown = usesCenters ? lc! : centerLoss(features!, centers, oneHot);
      const stepStats = tf.stack([ce!, lcShown, total, correct, tf.scalar(m), norm, tf.mul(lcShown, m / 2)]);
      this.sums.assign(tf.add(this.sums, stepStats));
      this.last.assign(tf.stack([ce!, lcShown, total]));
      tf.dispose(kept);
    });
    this.step += 1;
    this.revision += 1;
    this.optimizer.step += 1;
    this.windowSteps += 1;
  }

  /** Reads and resets the window sums: the only readback of the training loop. */
  async readWindow(): Promise<WindowStats> {
    const [sums, last] = await Promise.all([this.sums.data(), this.last.data()]);
    const steps = this.windowSteps;
    this.windowSteps = 0;
    tf.tidy(() => this.sums.assign(tf.zeros([S_LEN])));
    const n = Math.max(1, steps);
    const stats: WindowStats = {
      steps,
      images: sums[S_COUNT]!,
      ce: sums[S_CE]! / n,
      centerLoss: sums[S_LC]! / n,
      centerLossPaper: sums[S_LC_PAPER]! / n,
      total: sums[S_TOTAL]! / n,
      accuracy: sums[S_CORRECT]! / Math.max(1, sums[S_COUNT]!),
      gradNorm: sums[S_GNORM]! / n,
      last: { ce: last[0]!, centerLoss: last[1]!, total: last[2]! },
      finite: true,
    };
    stats.finite = [stats.ce, stats.centerLoss, stats.total, stats.gradNorm].every(Number.isFinite);
    return stats;
  }

  /** Features and the head's logits (no margin) of normalised images, in chunks; one readback at the end. */
  async embed(images: Float32Array, count: number, chunk = 500): Promise<{ features: Float32Array; logits: Float32Array }> {
    const trunk = this.frozenTrunk(images, count, chunk);
    const out = tf.tidy(() => {
      const feats: tf.Tensor2D[] = [];
      const logs: tf.Tensor2D[] = [];
      for (let s = 0, k = 0; s < count; s += chunk, k++) {
        const n = Math.min(chunk, count - s);
        const f = trunk
          ? featuresFrom(this.spec, this.params, trunk.outputs[k]!, this.pool, trunk.stages)
          : deepFeatures(this.spec, this.params, tf.tensor4d(images.subarray(s * 784, (s + n) * 784), [n, 28, 28, 1]), this.pool);
        const { weight, bias } = fc2Of(this.spec, this.params);
        feats.push(f);
        logs.push(this.loss.logits(f, weight, bias, this.hyper));
      }
      return { features: tf.concat(feats, 0), logits: tf.concat(logs, 0) };
    });
    try {
      const [features, logits] = await Promise.all([out.features.data(), out.logits.data()]);
      return { features: features as Float32Array, logits: logits as Float32Array };
    } finally {
      tf.dispose([out.features, out.logits]);
    }
  }

  /**
   * The frozen stages' output for a set embedded again and again (the eval digits): those stages never change while they are
   * frozen, so it is computed once and kept; null when no stage is frozen or the outputs would take more than TRUNK_CACHE_FLOATS.
   */
  private frozenTrunk(images: Float32Array, count: number, chunk: number): TrunkCache | null {
    const stages = this.hyper.frozenStages ?? 0;
    const c = this.trunkCache;
    if (c && c.images === images && c.count === count && c.chunk === chunk && c.stages === stages) return c;
    // A drawn digit or the export's probe between two evals leaves the eval set's outputs in place.
    if (c && c.stages === stages && count < c.count) return null;
    this.dropTrunkCache();
    if (stages === 0 || count * trunkFloatsPerImage(this.spec, stages) > TRUNK_CACHE_FLOATS) return null;
    const outputs: tf.Tensor4D[] = [];
    for (let s = 0; s < count; s += chunk) {
      const n = Math.min(chunk, count - s);
      outputs.push(tf.tidy(() => convStages(this.spec, this.params, tf.tensor4d(images.subarray(s * 784, (s + n) * 784), [n, 28, 28, 1]), this.pool, 0, stages)));
    }
    this.trunkCache = { images, count, chunk, stages, outputs };
    return this.trunkCache;
  }

  private dropTrunkCache(): void {
    if (this.trunkCache) tf.dispose(this.trunkCache.outputs);
    this.trunkCache = null;
  }

  /** Puts the centers somewhere else (the quick lesson's start: at the class means). */
  setCenters(c: Float32Array): void {
    this.revision += 1;
    tf.tidy(() => this.centers.assign(tf.tensor2d(c, [this.spec.numClasses, this.spec.featDim])));
  }

  async readCenters(): Promise<Float32Array> {
    return (await this.centers.data()) as Float32Array;
  }

  /** fc2's weight rows, one per class (k × featDim): the class directions the angular view draws. */
  async readClassWeights(): Promise<Float32Array> {
    return classRows((await this.params.get('fc2.weight')!.data()) as Float32Array, this.spec.featDim);
  }

  /** Every parameter's values in tfjs layout, keyed by state_dict name. */
  async readParams(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of this.paramList) out.set(name, (await v.data()) as Float32Array);
    return out;
  }

  /** The optimizer's state: its buffers keyed like readParams. */
  readOptimizer(): Promise<OptimizerState> {
    return this.optimizer.read();
  }

  /** A device-side copy of the whole run, for restoring after a divergence. */
  snapshot(): Snapshot {
    return {
      params: new Map(this.paramList.map(([name, v]) => [name, tf.clone(v)])),
      buffers: this.optimizer.snapshot(),
      optimizerStep: this.optimizer.step,
      centers: tf.clone(this.centers),
      state: this.state,
      hyper: this.hyper,
    };
  }

  restore(s: Snapshot): void {
    this.revision += 1;
    this.dropTrunkCache();
    for (const [name, v] of this.paramList) v.assign(s.params.get(name)!);
    this.optimizer.restore(s.buffers, s.optimizerStep);
    this.centers.assign(s.centers);
    this.step = s.state.step;
    this.sampler.restore(s.state.sampler);
    this.windowSteps = 0;
    tf.tidy(() => this.sums.assign(tf.zeros([S_LEN])));
  }

  /** Why a copy cannot be loaded into this run (another model, optimizer or class count), or null: checked before anything changes. */
  misfit(from: TrainerCopy): string | null {
    for (const [name, v] of this.paramList) if (from.params.get(name)?.length !== v.size) return `the copy has no values of the right size for ${name}`;
    if (from.centers.length !== this.spec.numClasses * this.spec.featDim) return 'the copy has centers of another size';
    return this.optimizer.misfit(from.optimizer);
  }

  /** Takes a copy's complete state (the same run stepped in another worker): weights, optimizer, centers, step and place in the epoch. */
  load(from: TrainerCopy): void {
    const misfit = this.misfit(from);
    if (misfit) throw new Error(misfit);
    this.revision += 1;
    this.dropTrunkCache();
    tf.tidy(() => {
      for (const [name, v] of this.paramList) v.assign(tf.tensor(from.params.get(name)!, v.shape));
      this.centers.assign(tf.tensor2d(from.centers, [this.spec.numClasses, this.spec.featDim]));
      this.sums.assign(tf.zeros([S_LEN]));
    });
    this.optimizer.load(from.optimizer);
    this.step = from.state.step;
    this.sampler.restore(from.state.sampler);
    this.windowSteps = 0;
  }

  dispose(): void {
    this.dropTrunkCache();
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    tf.dispose([...this.params.values(), this.centers, this.sums, this.last]);
    this.batches.dispose();
  }
}

/** A run's complete state on the CPU, as copyToCpu (src/workers/runFiles.ts) reads it: what Trainer.load takes. */
export interface TrainerCopy {
  params: Map<string, Float32Array>;
  optimizer: OptimizerState;
  centers: Float32Array;
  state: TrainerState;
}

export interface Snapshot {
  params: Map<string, tf.Tensor>;
  /** Every optimizer buffer, keyed "buffer/parameter". */
  buffers: Map<string, tf.Tensor>;
  optimizerStep: number;
  centers: tf.Tensor;
  state: TrainerState;
  hyper: Hyper;
}

export function disposeSnapshot(s: Snapshot | undefined): void {
  if (!s) return;
  tf.dispose([...s.params.values(), ...s.buffers.values(), s.centers]);
}

/** fc2's weight in tfjs layout [featDim, k] → k rows of featDim. */
export function classRows(weight: Float32Array, featDim: number): Float32Array {
  const k = weight.length / featDim;
  const out = new Float32Array(weight.length);
  for (let j = 0; j < k; j++) for (let d = 0; d < featDim; d++) out[j * featDim + d] = weight[d * k + j]!;
  return out;
}
