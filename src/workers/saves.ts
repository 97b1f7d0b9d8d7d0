/** Sessions to and from their autosave: the complete state of every run, and the runs it starts again. No DOM. */
import { pack, unpack, type Packed } from '../ml/bufferPack';
import type { Hyper, RunConfig, Validated } from '../ml/config';
import { SAVE_VERSION, savedSpec, toMap, toRecord, validateSavedSession, type SavedSession } from '../ml/savedSession';
import type { Trainer } from '../ml/trainer';
import { copyToCpu, type StartFrom } from './runFiles';

/** Every run at the same step, copied off the backend. */
export async function saveOf(trainers: readonly Trainer[], config: RunConfig): Promise<SavedSession> {
  const main = trainers[0]!;
  const copies = await copyToCpu(trainers);
  const save: SavedSession = {
    version: SAVE_VERSION,
    config,
    variant: main.spec.variant,
    step: main.step,
    sampler: main.sampler.state,
    runs: copies.map((c) => ({ params: toRecord(c.params), velocity: toRecord(c.velocity), centers: c.centers })),
  };
  return save;
}

/** A checkpoint's content: the save packed here, off the page's thread (one ArrayBuffer, transferred to the page). */
export async function checkpointOf(trainers: readonly Trainer[], config: RunConfig): Promise<{ save: Packed; step: number; hyper: Hyper }> {
  const save = await saveOf(trainers, config);
  return { save: pack(save), step: save.step, hyper: save.config.hyper };
}

/** A save as the page sends it (packed), unpacked and checked; a buffer that cannot be read is checked as it came. */
export async function openSave(x: unknown): Promise<Validated<SavedSession>> {
  return validateSavedSession(await unpack(x).catch(() => x));
}

/** One start per run, momentum included: the next step is the one the saved session would have taken. */
export function startsOf(save: SavedSession): StartFrom[] {
  const spec = savedSpec(save);
  return save.runs.map((r) => ({ spec, params: toMap(r.params), velocity: toMap(r.velocity), centers: r.centers, state: { step: save.step, sampler: save.sampler } }));
}
