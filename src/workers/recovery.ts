/** What a lost device resumes from: a CPU copy of every run now and then, and the changes made since, replayed to the exact step. */
import type { Hyper } from '../ml/config';
import type { Trainer } from '../ml/trainer';
import type { RunInfo } from './protocol';
import { copyToCpu, type StartFrom } from './runFiles';
import { hyperFor } from './runs';

type LiveRun = RunInfo & { trainer: Trainer };

/** The session's hyper-parameters from a step on. */
interface Change {
  step: number;
  hyper: Hyper;
}

export class Recovery {
  /** One per run, all at `changes[0].step`; none: the runs start fresh from the seed. */
  private copy?: StartFrom[];
  private changes: Change[] = [];
  private copiedAt: number;

  constructor(
    private readonly now: () => number,
    private readonly everyMs: number,
  ) {
    this.copiedAt = now();
  }

  /** A new model: its start is the first copy (a file, a save), or the seed's fresh weights. */
  rebuilt(from: StartFrom[] | undefined, step: number, hyper: Hyper): void {
    this.copy = from;
    this.changes = [{ step, hyper }];
    this.copiedAt = this.now();
  }

  get due(): boolean {
    return this.now() - this.copiedAt >= this.everyMs;
  }

  async take(runs: readonly LiveRun[], hyper: Hyper): Promise<void> {
    this.copy = await copyToCpu(runs.map((r) => r.trainer));
    // A frozen twin stays at step 0: the copy's step is the runs' that train.
    this.changes = [{ step: Math.max(...runs.map((r) => r.trainer.step)), hyper }];
    this.copiedAt = this.now();
  }

  /** A change takes effect at the next step, `step`. */
  changed(step: number, hyper: Hyper): void {
    const last = this.changes[this.changes.length - 1];
    if (last?.step === step) last.hyper = hyper;
    else this.changes.push({ step, hyper });
  }

  /** What a rebuild on another backend starts from, and the settings from each step on since. */
  get plan(): RecoveryPlan | undefined {
    return this.changes.length ? { from: this.copy, changes: this.changes.map((c) => ({ ...c })) } : undefined;
  }
}

export interface RecoveryPlan {
  from: StartFrom[] | undefined;
  /** The first is the copy's step. */
  changes: Change[];
}

/** Trains runs rebuilt from a plan's copy on to `target`, each change at its step, ending on the latest settings. */
export async function replay(runs: LiveRun[], changes: readonly Change[], target: number): Promise<void> {
  const main = runs[0];
  if (!main) return;
  let next = 0;
  const applyDue = (step: number) => {
    while (next < changes.length && changes[next]!.step <= step) apply(runs, changes[next++]!.hyper);
  };
  while (main.trainer.step < target) {
    applyDue(main.trainer.step);
    for (const r of runs) r.trainer.trainStep();
  }
  applyDue(Infinity);
  // The replayed steps were reported before the loss: their window is not reported again.
  await Promise.all(runs.map((r) => r.trainer.readWindow()));
}

/** The session's settings on every run: a run that follows the λ control takes its λ. */
export function apply(runs: LiveRun[], hyper: Hyper): void {
  for (const r of runs) {
    if (r.followsLambda) r.lambda = hyper.lambda;
    // The whole settings, not a patch: an optional field they lack (augmentation off) must not keep an earlier value.
    r.trainer.hyper = hyperFor(r, hyper);
  }
}
