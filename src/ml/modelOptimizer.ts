/** The model's optimizer: its buffers per parameter (SGD's momentum, Adam's two moments), its update count, one update per parameter. */
import * as tf from '@tensorflow/tfjs';
import type { Hyper, OptimizerKind } from './config';
import { adamUpdate, sgdUpdate } from './optimizer';
import { ADAM_BETAS, ADAM_EPS, bufferNames, type BufferName, type OptimizerState } from './optimizerState';

export class ModelOptimizer {
  readonly kind: OptimizerKind;
  /** buffers[buffer][parameter]: momentum_buffer for SGD, exp_avg and exp_avg_sq for Adam and AdamW. */
  private readonly buffers: Map<BufferName, Map<string, tf.Variable>>;
  /** Updates made: Adam's t − 1. */
  step: number;

  constructor(kind: OptimizerKind, params: ReadonlyArray<[string, tf.Variable]>, from?: OptimizerState) {
    this.kind = kind;
    this.step = from?.step ?? 0;
    this.buffers = new Map(
      bufferNames(kind).map((buffer) => [
        buffer,
        new Map(
          params.map(([name, p]) => {
            const v = from?.buffers[buffer]?.[name];
            // Made in a tidy so that the tensor it starts from is released.
            return [name, tf.tidy(() => tf.variable(v ? tf.tensor(v, p.shape) : tf.zerosLike(p), false))];
          }),
        ),
      ]),
    );
  }

  /** One parameter's update with its (clipped) gradient g; inside the step's tidy. */
  update(name: string, w: tf.Variable, g: tf.Tensor, lr: number, h: Pick<Hyper, 'momentum' | 'weightDecay'>): void {
    const buffer = (b: BufferName) => this.buffers.get(b)!.get(name)!;
    if (this.kind === 'sgd') {
      sgdUpdate(w, buffer('momentum_buffer'), g, { lr, momentum: h.momentum, weightDecay: h.weightDecay });
      return;
    }
    const adam = { lr, weightDecay: h.weightDecay, decoupled: this.kind === 'adamw', t: this.step + 1, betas: ADAM_BETAS, eps: ADAM_EPS };
    adamUpdate(w, buffer('exp_avg'), buffer('exp_avg_sq'), g, adam);
  }

  async read(): Promise<OptimizerState> {
    const buffers: OptimizerState['buffers'] = {};
    for (const [buffer, vars] of this.buffers) {
      const values: Record<string, Float32Array> = {};
      for (const [name, v] of vars) values[name] = (await v.data()) as Float32Array;
      buffers[buffer] = values;
    }
    return { kind: this.kind, step: this.step, buffers };
  }

  /** Device-side copies of every buffer, keyed "buffer/parameter". */
  snapshot(): Map<string, tf.Tensor> {
    return new Map([...this.buffers].flatMap(([buffer, vars]) => [...vars].map(([name, v]): [string, tf.Tensor] => [`${buffer}/${name}`, tf.clone(v)])));
  }

  restore(copies: Map<string, tf.Tensor>, step: number): void {
    for (const [buffer, vars] of this.buffers) for (const [name, v] of vars) v.assign(copies.get(`${buffer}/${name}`)!);
    this.step = step;
  }

  /** Why another copy's state does not fit these buffers, or null. */
  misfit(from: OptimizerState): string | null {
    if (from.kind !== this.kind) return `the optimizer state is ${from.kind}'s, but the run trains with ${this.kind}`;
    for (const [buffer, vars] of this.buffers) for (const [name, v] of vars) if (from.buffers[buffer]?.[name]?.length !== v.size) return `the optimizer state has no ${buffer} of the right size for ${name}`;
    return null;
  }

  /** Takes another copy's state (a run stepped elsewhere), checked whole first. */
  load(from: OptimizerState): void {
    const misfit = this.misfit(from);
    if (misfit) throw new Error(misfit);
    tf.tidy(() => {
      for (const [buffer, vars] of this.buffers) for (const [name, v] of vars) v.assign(tf.tensor(from.buffers[buffer]![name]!, v.shape));
    });
    this.step = from.step;
  }

  dispose(): void {
    tf.dispose([...this.buffers.values()].flatMap((b) => [...b.values()]));
  }
}
