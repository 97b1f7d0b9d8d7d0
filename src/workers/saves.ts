/** Sessions to and from their autosave: the complete state of every run, and the runs it starts again. No DOM. */
import type { RunConfig } from '../ml/config';
import { SAVE_VERSION, savedSpec, toMap, toRecord, type SavedSession } from '../ml/savedSession';
import type { Trainer } from '../ml/trainer';
import { copyToCpu, type StartFrom } from './runFiles';

/** Every run at the same step, copied off the backend so that the page can take the buffers; ms: how long that took. */
export async function saveOf(trainers: readonly Trainer[], config: RunConfig, now: () => number): Promise<{ save: SavedSession; ms: number }> {
  const main = trainers[0]!;
  const t0 = now();
  const copies = await copyToCpu(trainers);
  const save: SavedSession = {
    version: SAVE_VERSION,
    config,
    variant: main.spec.variant,
    step: main.step,
    sampler: main.sampler.state,
    runs: copies.map((c) => ({ params: toRecord(c.params), velocity: toRecord(c.velocity), centers: c.centers })),
  };
  return { save, ms: now() - t0 };
}

/** One start per run, momentum included: the next step is the one the saved session would have taken. */
export function startsOf(save: SavedSession): StartFrom[] {
  const spec = savedSpec(save);
  return save.runs.map((r) => ({ spec, params: toMap(r.params), velocity: toMap(r.velocity), centers: r.centers, state: { step: save.step, sampler: save.sampler } }));
}
