/** Seeded batch order: a fresh permutation of the training indices each epoch, read in consecutive slices. */
import { deriveRng, permutation } from './rng';

export interface SamplerState {
  epoch: number;
  cursor: number;
}

export class BatchSampler {
  private order: Uint32Array;
  epoch = 0;
  cursor = 0;

  /** indices: the training examples in use (a held-out class already removed). */
  constructor(
    private readonly indices: Uint32Array,
    private readonly seed: number,
  ) {
    if (indices.length === 0) throw new Error('no training examples');
    this.order = this.orderFor(0);
  }

  get size(): number {
    return this.indices.length;
  }

  stepsPerEpoch(batch: number): number {
    return Math.ceil(this.indices.length / batch);
  }

  private orderFor(epoch: number): Uint32Array {
    const perm = permutation(this.indices.length, deriveRng(this.seed, 1000 + epoch));
    return perm.map((p) => this.indices[p]!);
  }

  /** The next batch; the last batch of an epoch is shorter, as a PyTorch DataLoader gives it. */
  next(batch: number): Uint32Array {
    if (this.cursor >= this.order.length) {
      this.epoch += 1;
      this.cursor = 0;
      this.order = this.orderFor(this.epoch);
    }
    const out = this.order.slice(this.cursor, Math.min(this.cursor + batch, this.order.length));
    this.cursor += out.length;
    return out;
  }

  get state(): SamplerState {
    return { epoch: this.epoch, cursor: this.cursor };
  }

  restore(state: SamplerState): void {
    this.epoch = state.epoch;
    this.cursor = state.cursor;
    this.order = this.orderFor(state.epoch);
  }
}

/** Training indices without the held-out class. */
export function trainingIndices(labels: Uint8Array, heldOutClass: number | null): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== heldOutClass) out.push(i);
  return Uint32Array.from(out);
}
