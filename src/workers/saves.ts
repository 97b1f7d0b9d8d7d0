/** Sessions to and from their autosave: the complete state of every run, and the runs it starts again. No DOM. */
import { pack, unpack, type Packed } from '../ml/bufferPack';
import type { Hyper, RunConfig, Validated } from '../ml/config';
import type { DatasetSpec } from '../ml/datasetSpec';
import { datasetMismatch, datasetRefOf } from '../ml/formats';
import { SAVE_VERSION, toMap, toRecord, validateSavedSession, type SavedSession } from '../ml/savedSession';
import type { Trainer } from '../ml/trainer';
import { copyToCpu, type StartFrom } from './runFiles';

type DatasetNames = Pick<DatasetSpec, 'id' | 'name' | 'classNames'>;

/** Every run at the same step, copied off the backend, with the model and the dataset they were built for. */
export async function saveOf(trainers: readonly Trainer[], config: RunConfig, dataset: DatasetNames): Promise<SavedSession> {
  const main = trainers[0]!;
  const copies = await copyToCpu(trainers);
  const save: SavedSession = {
    version: SAVE_VERSION,
    config,
    model: main.spec,
    dataset: datasetRefOf(dataset),
    step: main.step,
    sampler: main.sampler.state,
    runs: copies.map((c) => ({ params: toRecord(c.params), optimizer: c.optimizer, centers: c.centers })),
  };
  return save;
}

/** A checkpoint's content: the save packed here, off the page's thread (one ArrayBuffer, transferred to the page). */
export async function checkpointOf(trainers: readonly Trainer[], config: RunConfig, dataset: DatasetNames): Promise<{ save: Packed; step: number; hyper: Hyper }> {
  const save = await saveOf(trainers, config, dataset);
  return { save: pack(save), step: save.step, hyper: save.config.hyper };
}

/** A save as the page sends it (packed), unpacked and checked, and made on the loaded dataset; a buffer that cannot be read is checked as it came. */
export async function openSave(x: unknown, dataset: Pick<DatasetSpec, 'id' | 'name'>): Promise<Validated<SavedSession>> {
  const valid = validateSavedSession(await unpack(x).catch(() => x));
  if (!valid.ok) return valid;
  const other = datasetMismatch(valid.value.dataset, dataset);
  return other ? { ok: false, error: other } : valid;
}

/** One start per run, the optimizer's state included: the next step is the one the saved session would have taken. */
export function startsOf(save: SavedSession): StartFrom[] {
  return save.runs.map((r) => ({ spec: save.model, params: toMap(r.params), optimizer: r.optimizer, centers: r.centers, state: { step: save.step, sampler: save.sampler } }));
}
