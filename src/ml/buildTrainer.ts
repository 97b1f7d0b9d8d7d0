/** The one way to build a trainer: the worker's runs, the CLI, the bench and the dev scripts all come through here. */
import type { Hyper } from './config';
import type { ModelSpec, PoolMode } from './lenetpp';
import type { MnistSplit } from './mnist';
import type { OptimizerState } from './optimizerState';
import { Trainer, type TrainerState } from './trainer';

/** Where a run starts instead of a fresh initialisation: a file, a save, the shipped start, a lost device's copy. */
export interface StartFrom {
  /** The model as the file or save records it. */
  spec: ModelSpec;
  params: Map<string, Float32Array>;
  /** The centers it records; none (a head that keeps none): fresh ones from the seed. */
  centers: Float32Array | null;
  /** The optimizer's state (a resume, a lost device); a file starts with none. */
  optimizer?: OptimizerState;
  state: TrainerState;
}

export interface TrainerRecipe {
  /** The model to build a fresh run with; a start brings its own. */
  spec: ModelSpec;
  hyper: Hyper;
  seed: number;
  train: MnistSplit;
  heldOutClass: number | null;
  pool?: PoolMode;
  from?: StartFrom;
}

export function buildTrainer(r: TrainerRecipe): Trainer {
  const f = r.from;
  return new Trainer({
    spec: f?.spec ?? r.spec,
    hyper: r.hyper,
    seed: r.seed,
    train: r.train,
    heldOutClass: r.heldOutClass,
    ...(r.pool ? { pool: r.pool } : {}),
    ...(f ? { values: f.params, state: f.state, ...(f.centers ? { centers: f.centers } : {}), ...(f.optimizer ? { optimizer: f.optimizer } : {}) } : {}),
  });
}
