/** Runs to and from weights: the files an export writes, the run a file starts, and the CPU copies a lost device resumes from. No DOM. */
import { buildTrainer, type StartFrom } from '../ml/buildTrainer';
import type { BackendName, RunConfig } from '../ml/config';
import type { DatasetSpec } from '../ml/datasetSpec';
import { exportTrainer, type EvalSet } from '../ml/headless';
import type { ModelSpec } from '../ml/lenetpp';
import type { MnistSplit } from '../ml/mnist';
import type { Trainer } from '../ml/trainer';
import { quickCenters } from '../ml/softmaxStart';
import { serializeWeights, type ImportedWeights } from '../ml/weights';
import type { ExportedFile, RunInfo } from './protocol';
import { hyperFor } from './runs';

export type { StartFrom };

/**
 * A run's part of a file name, by what sets it apart: "-arcface" where the runs' losses differ (center loss adds its λ where two runs
 * share it), "-lambda0.1" where only λ does; none for a single run; with the run id where two runs would share a name (compare at λ = 0).
 */
export function runTag(runs: readonly Pick<RunInfo, 'id' | 'loss' | 'lambda'>[], k: number): string {
  if (runs.length === 1) return '';
  const byLoss = new Set(runs.map((r) => r.loss)).size > 1;
  const centers = runs.filter((r) => r.loss === 'center').length;
  const tag = (r: Pick<RunInfo, 'loss' | 'lambda'>) => (!byLoss ? `-lambda${r.lambda}` : r.loss === 'center' && centers > 1 ? `-center-lambda${r.lambda}` : `-${r.loss}`);
  const mine = tag(runs[k]!);
  return runs.filter((r) => tag(r) === mine).length > 1 ? `-${runs[k]!.id}${mine}` : mine;
}

/** One file per run, each loadable on its own; metrics from the weights being written, not the last embed's. */
export async function exportRunFiles(runs: ReadonlyArray<RunInfo & { trainer: Trainer }>, opts: { test: MnistSplit; backend: BackendName; evalSet: EvalSet; chunk: number; dataset: Pick<DatasetSpec, 'id' | 'name' | 'classNames'> }): Promise<ExportedFile[]> {
  const files: ExportedFile[] = [];
  for (const [k, r] of runs.entries()) {
    const t = r.trainer;
    const file = await exportTrainer(t, opts);
    files.push({ run: r.id, json: serializeWeights(file), fileName: `center-loss-lab-${t.spec.variant}${runTag(runs, k)}-step${t.step}.json` });
  }
  return files;
}

/** The config and the start of the one run a loaded file makes: no twin or sweep started with it. */
export function fromFile(current: RunConfig, w: ImportedWeights): { config: RunConfig; start: StartFrom } {
  const f = w.file;
  const config: RunConfig = {
    ...current,
    compare: false,
    sweep: null,
    runs: null,
    hyper: f.hyper,
    variant: f.model.variant,
    fc2Bias: f.model.fc2Bias,
    featDim: f.model.featDim,
    seed: f.training.seed,
    heldOutClass: f.training.heldOutClass,
  };
  const state = { step: f.training.step, sampler: { epoch: f.training.epoch, cursor: f.training.cursor } };
  return { config, start: { spec: w.spec, params: w.params, centers: w.centers, state } };
}

/**
 * Every run of a quick lesson starts from the shipped softmax-trained weights at step 0 of a fresh batch order; a run with center loss
 * from small centers (quickCenters), a softmax-only run, whose centers never act on training, from the class means themselves.
 */
export function softmaxStarts(w: ImportedWeights & { centers: Float32Array }, runs: readonly Pick<RunInfo, 'lambda'>[]): StartFrom[] {
  return runs.map((r) => ({ spec: w.spec, params: w.params, centers: r.lambda > 0 ? quickCenters(w) : w.centers, state: { step: 0, sampler: { epoch: 0, cursor: 0 } } }));
}

const copied = (m: Map<string, Float32Array>) => new Map([...m].map(([k, v]) => [k, v.slice()]));

/** Every run's complete state on the CPU, all at the same step: copies the backend does not own, so they can be transferred. */
export function copyToCpu(trainers: readonly Trainer[]): Promise<Array<Required<StartFrom> & { centers: Float32Array }>> {
  return Promise.all(
    trainers.map(async (t) => {
      const state = t.state;
      const [params, optimizer, centers] = await Promise.all([t.readParams(), t.readOptimizer(), t.readCenters()]);
      const buffers = Object.fromEntries(Object.entries(optimizer.buffers).map(([b, m]) => [b, Object.fromEntries(copied(new Map(Object.entries(m))))]));
      return { spec: t.spec, params: copied(params), optimizer: { ...optimizer, buffers }, centers: centers.slice(), state };
    }),
  );
}

/** A trainer per run (buildTrainer); same seed: identical initial weights and the same batches, so the runs differ by λ alone. */
export function makeRuns(infos: readonly RunInfo[], config: RunConfig, spec: ModelSpec, train: MnistSplit, from?: readonly StartFrom[]): Array<RunInfo & { trainer: Trainer }> {
  return infos.map((info, k) => {
    const start = from?.[k];
    const trainer = buildTrainer({ spec, hyper: hyperFor(info, config.hyper), seed: config.seed, train, heldOutClass: config.heldOutClass, ...(start ? { from: start } : {}) });
    return { ...info, trainer };
  });
}
