/** An optimizer's state as data: its kind, how many updates it has made and its buffers (PyTorch's names), per parameter. No tensors. */
import type { OptimizerKind } from './config';

/** PyTorch's state names: SGD keeps momentum_buffer; Adam and AdamW keep exp_avg and exp_avg_sq. */
export const BUFFER_NAMES = { sgd: ['momentum_buffer'], adam: ['exp_avg', 'exp_avg_sq'], adamw: ['exp_avg', 'exp_avg_sq'] } as const satisfies Record<OptimizerKind, readonly string[]>;
export type BufferName = (typeof BUFFER_NAMES)[OptimizerKind][number];

/** Adam's constants: PyTorch's defaults. */
export const ADAM_BETAS = [0.9, 0.999] as const;
export const ADAM_EPS = 1e-8;

export interface OptimizerState {
  kind: OptimizerKind;
  /** Updates made (Adam's bias correction counts them); a run started from a file starts at 0. */
  step: number;
  /** buffers[buffer][parameter], tfjs layout like the parameters. */
  buffers: Partial<Record<BufferName, Record<string, Float32Array>>>;
}

/** The buffers a kind keeps, in order. */
export const bufferNames = (kind: OptimizerKind): readonly BufferName[] => BUFFER_NAMES[kind];

/** SGD's state from a momentum buffer per parameter (how saves of version 1 keep it). */
export const sgdState = (velocity: Record<string, Float32Array>, step: number): OptimizerState => ({ kind: 'sgd', step, buffers: { momentum_buffer: velocity } });
