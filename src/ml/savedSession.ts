/** The complete state of a training session, as an autosave keeps it: enough to continue bit for bit. No DOM. */
import { z } from 'zod';
import { firstIssue, runConfigSchema, runLambdas, VARIANTS, type RunConfig, type Validated, type Variant } from './config';
import { DEFAULT_SHAPE, modelSpec, paramInfos, type ModelSpec } from './architecture';
import type { SamplerState } from './sampler';

export const SAVE_VERSION = 1;

/** One run's tensors: the parameters and momentum buffers by state_dict name (tfjs layout), and the centers. */
export interface SavedRun {
  params: Record<string, Float32Array>;
  velocity: Record<string, Float32Array>;
  centers: Float32Array;
}

export interface SavedSession {
  version: typeof SAVE_VERSION;
  /** The live configuration: its hyper-parameters are the ones the next step uses. */
  config: RunConfig;
  /** The variant the model was built with (the config may say "auto"). */
  variant: Variant;
  /** Every run is at this step, and the sampler at this place in its epoch: the runs train in lockstep. */
  step: number;
  sampler: SamplerState;
  runs: SavedRun[];
}

const floats = z.instanceof(Float32Array);
const schema = z.object({
  version: z.literal(SAVE_VERSION),
  config: runConfigSchema,
  variant: z.enum(VARIANTS),
  step: z.number().int().min(0),
  sampler: z.object({ epoch: z.number().int().min(0), cursor: z.number().int().min(0) }),
  runs: z.array(z.object({ params: z.record(z.string(), floats), velocity: z.record(z.string(), floats), centers: floats })).min(1),
});

/** The model a save holds; its number of classes is its centers' (a save of any dataset). */
export const savedSpec = (s: Pick<SavedSession, 'variant' | 'config' | 'runs'>): ModelSpec =>
  modelSpec(s.variant, s.config.fc2Bias, { ...DEFAULT_SHAPE, numClasses: s.runs[0] ? Math.round(s.runs[0].centers.length / DEFAULT_SHAPE.featDim) : DEFAULT_SHAPE.numClasses });

const allFinite = (a: Float32Array) => a.every(Number.isFinite);

/** Checks a save read back from storage: its schema, then every tensor's size against the model it names. */
export function validateSavedSession(x: unknown): Validated<SavedSession> {
  const parsed = schema.safeParse(x);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const s = parsed.data as SavedSession;
  const expected = runLambdas(s.config).length;
  if (s.runs.length !== expected) return { ok: false, error: `it holds ${s.runs.length} runs where its settings make ${expected}` };
  const spec = savedSpec(s);
  const infos = paramInfos(spec);
  for (const [k, run] of s.runs.entries()) {
    for (const part of ['params', 'velocity'] as const) {
      const names = Object.keys(run[part]);
      if (names.length !== infos.length) return { ok: false, error: `run ${k}: ${part} has ${names.length} tensors where the ${s.variant} model has ${infos.length}` };
      for (const info of infos) {
        const v = run[part][info.name];
        const n = info.shape.reduce((a, b) => a * b, 1);
        if (!v) return { ok: false, error: `run ${k}: ${part} lacks ${info.name}` };
        if (v.length !== n) return { ok: false, error: `run ${k}: ${part} ${info.name} has ${v.length} values where [${info.shape.join(', ')}] needs ${n}` };
        if (!allFinite(v)) return { ok: false, error: `run ${k}: ${part} ${info.name} holds a value that is not finite` };
      }
    }
    const c = spec.numClasses * spec.featDim;
    if (run.centers.length !== c) return { ok: false, error: `run ${k}: ${run.centers.length} center values where ${c} are needed` };
    if (!allFinite(run.centers)) return { ok: false, error: `run ${k}: a center value is not finite` };
  }
  return { ok: true, value: s };
}

/** "step 420 · slim · λ 0 vs 1 · seed 1": what a resume offer names. */
export function describeSave(s: Pick<SavedSession, 'step' | 'variant' | 'config'>): string {
  const lambdas = runLambdas(s.config);
  const runs = lambdas.length === 1 ? `λ ${lambdas[0]}` : `λ ${lambdas.join(' vs ')}`;
  const held = s.config.heldOutClass === null ? '' : ` · digit ${s.config.heldOutClass} held out`;
  return `step ${s.step} · ${s.variant} · ${runs} · seed ${s.config.seed}${held}`;
}

export const toRecord = (m: Map<string, Float32Array>): Record<string, Float32Array> => Object.fromEntries(m);
export const toMap = (r: Record<string, Float32Array>): Map<string, Float32Array> => new Map(Object.entries(r));
