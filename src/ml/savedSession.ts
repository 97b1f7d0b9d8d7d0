/** The complete state of a training session, as an autosave keeps it: enough to continue bit for bit. No DOM. */
import { z } from 'zod';
import { firstIssue, OPTIMIZERS, runConfigSchema, runLambdas, runOverrides, VARIANTS, type RunConfig, type Validated } from './config';
import { modelSpec, paramInfos, type ModelSpec } from './architecture';
import { checkClasses, datasetRefSchema, LEGACY_DATASET, modelSpecSchema, specOf, type DatasetRef } from './formats';
import { bufferNames, sgdState, type OptimizerState } from './optimizerState';
import type { SamplerState } from './sampler';
import { LOSSES } from './losses/registry';

/** 2: the model's spec and the dataset recorded; optimizer state as { kind, step, buffers }. Version 1 saves migrate (migrateSave). */
export const SAVE_VERSION = 2;

/** One run's tensors: the parameters by state_dict name (tfjs layout), the optimizer's state and the centers. */
export interface SavedRun {
  params: Record<string, Float32Array>;
  optimizer: OptimizerState;
  centers: Float32Array;
}

export interface SavedSession {
  version: typeof SAVE_VERSION;
  /** The live configuration: its hyper-parameters are the ones the next step uses. */
  config: RunConfig;
  /** The model as built (the config may say "auto"): read back, never re-derived. */
  model: ModelSpec;
  /** What the runs were trained on; a save is not resumed on another dataset. */
  dataset: DatasetRef;
  /** Every run is at this step, and the sampler at this place in its epoch: the runs train in lockstep. */
  step: number;
  sampler: SamplerState;
  runs: SavedRun[];
}

const floats = z.instanceof(Float32Array);
const tensors = z.record(z.string(), floats);
const optimizerSchema = z.object({ kind: z.enum(OPTIMIZERS), step: z.number().int().min(0), buffers: z.record(z.string(), tensors) });
const schema = z
  .object({
    version: z.literal(SAVE_VERSION, { error: `version must be 1 or ${SAVE_VERSION}` }),
    config: runConfigSchema,
    model: modelSpecSchema,
    dataset: datasetRefSchema,
    step: z.number().int().min(0),
    sampler: z.object({ epoch: z.number().int().min(0), cursor: z.number().int().min(0) }),
    runs: z.array(z.object({ params: tensors, optimizer: optimizerSchema, centers: floats })).min(1),
  })
  .superRefine((s, ctx) => checkClasses(ctx, s.model, s.dataset, ['model', 'numClasses']));

/** A save of version 1 (MNIST, SGD's velocity per run, the model named by its variant) brought up to this version; anything else as it is. */
export function migrateSave(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || (x as { version?: unknown }).version !== 1) return x;
  const v1 = x as { variant?: unknown; config?: { fc2Bias?: unknown }; step?: unknown; runs?: unknown };
  if (!VARIANTS.includes(v1.variant as never) || typeof v1.config?.fc2Bias !== 'boolean' || !Array.isArray(v1.runs)) return x;
  const step = typeof v1.step === 'number' ? v1.step : 0;
  const runs = (v1.runs as Array<{ params?: unknown; velocity?: Record<string, Float32Array>; centers?: unknown }>).map(({ velocity, ...run }) => ({ ...run, optimizer: sgdState(velocity ?? {}, step) }));
  const { variant, ...rest } = v1;
  return { ...rest, version: 2, model: modelSpec(variant as (typeof VARIANTS)[number], v1.config.fc2Bias), dataset: LEGACY_DATASET, runs };
}

const allFinite = (a: Float32Array) => a.every(Number.isFinite);

/** Checks a save read back from storage (migrated from an older version): its schema, then every tensor's size against the model it records. */
export function validateSavedSession(x: unknown): Validated<SavedSession> {
  const parsed = schema.safeParse(migrateSave(x));
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const s = { ...(parsed.data as SavedSession), model: specOf(parsed.data.model) };
  const expected = runLambdas(s.config).length;
  if (s.runs.length !== expected) return { ok: false, error: `it holds ${s.runs.length} runs where its settings make ${expected}` };
  const infos = paramInfos(s.model);
  const kind = s.config.hyper.optimizer;
  for (const [k, run] of s.runs.entries()) {
    if (run.optimizer.kind !== kind) return { ok: false, error: `run ${k}: its optimizer state is ${run.optimizer.kind}'s where its settings train with ${kind}` };
    const parts: Array<[string, Record<string, Float32Array> | undefined]> = [['params', run.params], ...bufferNames(kind).map((b): [string, Record<string, Float32Array> | undefined] => [b, run.optimizer.buffers[b]])];
    for (const [part, values] of parts) {
      if (!values) return { ok: false, error: `run ${k}: the ${kind} state lacks ${part}` };
      const names = Object.keys(values);
      if (names.length !== infos.length) return { ok: false, error: `run ${k}: ${part} has ${names.length} tensors where the ${s.model.variant} model has ${infos.length}` };
      for (const info of infos) {
        const v = values[info.name];
        const n = info.shape.reduce((a, b) => a * b, 1);
        if (!v) return { ok: false, error: `run ${k}: ${part} lacks ${info.name}` };
        if (v.length !== n) return { ok: false, error: `run ${k}: ${part} ${info.name} has ${v.length} values where [${info.shape.join(', ')}] needs ${n}` };
        if (!allFinite(v)) return { ok: false, error: `run ${k}: ${part} ${info.name} holds a value that is not finite` };
      }
    }
    const c = s.model.numClasses * s.model.featDim;
    if (run.centers.length !== c) return { ok: false, error: `run ${k}: ${run.centers.length} center values where ${c} are needed` };
    if (!allFinite(run.centers)) return { ok: false, error: `run ${k}: a center value is not finite` };
  }
  return { ok: true, value: s };
}

/** "step 420 · slim · λ 0 vs 1 · seed 1" (and the dataset, where it is not MNIST): what a resume offer names. */
export function describeSave(s: Pick<SavedSession, 'step' | 'model' | 'config'> & { dataset?: Pick<DatasetRef, 'id' | 'name'> }): string {
  const kinds = runOverrides(s.config).map((o) => o.loss ?? s.config.hyper.loss);
  const lambdas = runLambdas(s.config);
  const runs = kinds.some((k) => k !== 'center') ? kinds.map((k) => LOSSES[k].label).join(' vs ') : lambdas.length === 1 ? `λ ${lambdas[0]}` : `λ ${lambdas.join(' vs ')}`;
  const held = s.config.heldOutClass === null ? '' : ` · digit ${s.config.heldOutClass} held out`;
  const optimizer = s.config.hyper.optimizer === 'sgd' ? '' : ` · ${s.config.hyper.optimizer}`;
  const data = !s.dataset || s.dataset.id === LEGACY_DATASET.id ? '' : ` · ${s.dataset.name}`;
  return `step ${s.step} · ${s.model.variant}${data} · ${runs} · seed ${s.config.seed}${held}${optimizer}`;
}

export const toRecord = (m: Map<string, Float32Array>): Record<string, Float32Array> => Object.fromEntries(m);
export const toMap = (r: Record<string, Float32Array>): Map<string, Float32Array> => new Map(Object.entries(r));
