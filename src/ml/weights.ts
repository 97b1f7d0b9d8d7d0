/** The weights file: JSON with PyTorch state_dict names and layouts, validated with a schema on import. */
import { z } from 'zod';
import { BACKENDS, firstIssue, hyperSchema, type BackendName, type Hyper } from './config';
import type { DatasetSpec } from './datasetSpec';
import { checkClasses, datasetMismatch, datasetRefOf, datasetRefSchema, LEGACY_DATASET, modelSpecSchema, specOf, type DatasetRef } from './formats';
import { fc1FromTorch, fc1ToTorch, hwioToOihw, oihwToHwio, transpose2d } from './layout';
import { flatSize, paramInfos, type ModelSpec } from './lenetpp';
import { LOSS_KINDS, LOSSES, type LossKind } from './losses/registry';
import type { EvalMetrics } from './metrics';

export const WEIGHTS_FORMAT = 'center-loss-lab/weights';
/** 3: the loss head and its parameters, centers only where it uses them; 2: the dataset, any feature dimension and number of classes, hyper.optimizer. Versions 1 and 2 migrate (migrateWeights). */
export const WEIGHTS_VERSION = 3;
export const PROBE_COUNT = 16;

const tensorSchema = z.object({
  shape: z.array(z.number().int().nonnegative()),
  data: z.array(z.number().refine(Number.isFinite, 'must be a finite number')),
});

const metricsSchema = z.object({
  count: z.number(),
  /** The held-out class, left out of every figure; absent in older files (which counted it). */
  heldOut: z.number().int().min(0).nullable().optional(),
  /** Digits of the known classes: what the accuracies are computed on; absent in older files. */
  knownCount: z.number().int().nonnegative().optional(),
  testAccuracy: z.number(),
  nearestCenterAccuracy: z.number(),
  intraDistance: z.number(),
  interMin: z.number(),
  interMean: z.number(),
  intraOverInterMin: z.number().nullable(),
  silhouette: z.number(),
  withinOverBetween: z.number().nullable(),
  /** Spokes against blobs (metrics.ts); absent in older files. */
  elongation: z.number().nullable().optional(),
  /** The step of the weights the metrics were computed from (= training.step); absent in older files. */
  step: z.number().int().nonnegative().optional(),
  /** The test digits (indices into the 10,000) the metrics were computed on; absent in older files. */
  evalIndices: z.array(z.number().int().min(0)).optional(),
});

export const weightsFileSchema = z
  .object({
    format: z.literal(WEIGHTS_FORMAT, { error: `format must be "${WEIGHTS_FORMAT}"` }),
    version: z.literal(WEIGHTS_VERSION, { error: `version must be 1, 2 or ${WEIGHTS_VERSION}` }),
    dataset: datasetRefSchema,
    model: modelSpecSchema,
    tensors: z.record(z.string(), tensorSchema),
    /** The loss head the weights were trained with and the values of the parameters it reads (LossHead.params). */
    loss: z.object({
      kind: z.enum(LOSS_KINDS, { error: `loss.kind must be one of ${LOSS_KINDS.join(', ')}` }),
      params: z.record(z.string(), z.union([z.number(), z.string()])),
    }),
    /** Present exactly when the head trains against centers (center loss). */
    centers: tensorSchema.optional(),
    hyper: hyperSchema,
    training: z.object({
      step: z.number().int().nonnegative(),
      epoch: z.number().int().nonnegative(),
      cursor: z.number().int().nonnegative(),
      seed: z.number().int().nonnegative(),
      backend: z.enum(BACKENDS),
      heldOutClass: z.number().int().min(0).nullable(),
    }),
    metrics: metricsSchema.nullable(),
    probe: z.object({
      testIndices: z.array(z.number().int().nonnegative()),
      features: tensorSchema,
      logits: tensorSchema,
    }),
  })
  .superRefine((file, ctx) => {
    checkClasses(ctx, file.model, file.dataset, ['model', 'numClasses']);
    const held = file.training.heldOutClass;
    if (held !== null && held >= file.model.numClasses) ctx.addIssue({ code: 'custom', path: ['training', 'heldOutClass'], message: `must be a class from 0 to ${file.model.numClasses - 1}, got ${held}` });
    const spec = specOf(file.model);
    const expected = new Map(paramInfos(spec).map((p) => [p.name, torchShape(p.name, p.shape)]));
    for (const name of Object.keys(file.tensors)) {
      if (!expected.has(name)) ctx.addIssue({ code: 'custom', path: ['tensors', name], message: 'is not a parameter of this model' });
    }
    for (const [name, shape] of expected) {
      const t = file.tensors[name];
      if (!t) {
        ctx.addIssue({ code: 'custom', path: ['tensors', name], message: 'is missing' });
        continue;
      }
      checkTensor(ctx, ['tensors', name], t, shape);
    }
    const head = LOSSES[file.loss.kind];
    if (file.hyper.loss !== file.loss.kind) ctx.addIssue({ code: 'custom', path: ['hyper', 'loss'], message: `must be the file's loss, ${file.loss.kind}, got ${file.hyper.loss}` });
    for (const key of head.params) {
      if (!(key in file.loss.params) && key !== 'lambdaWarmupSteps' && key !== 'marginRampSteps') ctx.addIssue({ code: 'custom', path: ['loss', 'params', key], message: `is missing: ${head.label} reads it` });
    }
    if (head.usesCenters && !file.centers) ctx.addIssue({ code: 'custom', path: ['centers'], message: `is missing: ${head.label} trains against its centers` });
    else if (!head.usesCenters && file.centers) ctx.addIssue({ code: 'custom', path: ['centers'], message: `must be absent: ${head.label} keeps no centers` });
    else if (file.centers) checkTensor(ctx, ['centers'], file.centers, [spec.numClasses, spec.featDim]);
    const m = file.metrics;
    if (m?.step !== undefined && m.step !== file.training.step) {
      ctx.addIssue({ code: 'custom', path: ['metrics', 'step'], message: `must equal training.step (${file.training.step}), got ${m.step}: the metrics are not those of these weights` });
    }
    if (m?.evalIndices && m.evalIndices.length !== m.count) {
      ctx.addIssue({ code: 'custom', path: ['metrics', 'evalIndices'], message: `must list the ${m.count} test digits counted, got ${m.evalIndices.length}` });
    }
  });

function checkTensor(ctx: z.RefinementCtx, path: string[], t: { shape: number[]; data: number[] }, shape: number[]): void {
  if (JSON.stringify(t.shape) !== JSON.stringify(shape)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'shape'], message: `must be [${shape.join(', ')}], got [${t.shape.join(', ')}]` });
  } else if (t.data.length !== shape.reduce((a, b) => a * b, 1)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'data'], message: `must have ${shape.reduce((a, b) => a * b, 1)} values, got ${t.data.length}` });
  }
}

export type WeightsFile = z.infer<typeof weightsFileSchema>;

/** The PyTorch shape of a parameter given its tfjs shape. */
export function torchShape(name: string, tfShape: number[]): number[] {
  if (name.startsWith('conv') && name.endsWith('.weight')) return [tfShape[3]!, tfShape[2]!, tfShape[0]!, tfShape[1]!];
  if (name === 'fc1.weight' || name === 'fc2.weight') return [tfShape[1]!, tfShape[0]!];
  return tfShape;
}

/** A parameter's values in PyTorch's layout, from tfjs's. */
export function toTorch(spec: ModelSpec, name: string, tfShape: number[], v: Float32Array): Float32Array {
  if (name.startsWith('conv') && name.endsWith('.weight')) return hwioToOihw(v, tfShape);
  if (name === 'fc1.weight') {
    const { side, channels } = flatSize(spec);
    return fc1ToTorch(v, side, channels, spec.featDim);
  }
  if (name === 'fc2.weight') return transpose2d(v, tfShape[0]!, tfShape[1]!);
  return v;
}

/** A parameter's values in tfjs's layout, from PyTorch's. */
export function fromTorch(spec: ModelSpec, name: string, tfShape: number[], v: Float32Array): Float32Array {
  if (name.startsWith('conv') && name.endsWith('.weight')) return oihwToHwio(v, torchShape(name, tfShape));
  if (name === 'fc1.weight') {
    const { side, channels } = flatSize(spec);
    return fc1FromTorch(v, side, channels, spec.featDim);
  }
  if (name === 'fc2.weight') return transpose2d(v, tfShape[1]!, tfShape[0]!);
  return v;
}

/** Metrics of the exported weights themselves: computed at `step` on the test digits `evalIndices`. */
export interface ExportMetrics extends EvalMetrics {
  step: number;
  evalIndices: number[];
}

export interface ExportInput {
  spec: ModelSpec;
  /** What the model was trained on: the file records it and is refused on another. */
  dataset: Pick<DatasetSpec, 'id' | 'name' | 'classNames'>;
  /** tfjs-layout values keyed by state_dict name. */
  params: Map<string, Float32Array>;
  /** The tracked centers; written only where the head uses them. */
  centers: Float32Array;
  hyper: Hyper;
  training: { step: number; epoch: number; cursor: number; seed: number; backend: BackendName; heldOutClass: number | null };
  metrics: ExportMetrics | null;
  probe: { testIndices: number[]; features: Float32Array; logits: Float32Array };
}

const tensorJson = (shape: number[], v: Float32Array) => ({ shape, data: Array.from(v) });

export function buildWeightsFile(e: ExportInput): WeightsFile {
  const tensors: WeightsFile['tensors'] = {};
  for (const p of paramInfos(e.spec)) {
    const v = e.params.get(p.name);
    if (!v) throw new Error(`no values for ${p.name}`);
    tensors[p.name] = tensorJson(torchShape(p.name, p.shape), toTorch(e.spec, p.name, p.shape, v));
  }
  const n = e.probe.testIndices.length;
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    dataset: datasetRefOf(e.dataset),
    model: { variant: e.spec.variant, widths: e.spec.widths, featDim: e.spec.featDim, numClasses: e.spec.numClasses, fc2Bias: e.spec.fc2Bias },
    tensors,
    loss: lossSection(e.hyper),
    ...(LOSSES[e.hyper.loss].usesCenters ? { centers: tensorJson([e.spec.numClasses, e.spec.featDim], e.centers) } : {}),
    hyper: e.hyper,
    training: e.training,
    // JSON has no Infinity: a degenerate ratio is written as null.
    metrics: e.metrics && {
      ...e.metrics,
      intraOverInterMin: Number.isFinite(e.metrics.intraOverInterMin) ? e.metrics.intraOverInterMin : null,
      withinOverBetween: Number.isFinite(e.metrics.withinOverBetween) ? e.metrics.withinOverBetween : null,
      elongation: Number.isFinite(e.metrics.elongation) ? e.metrics.elongation : null,
    },
    probe: {
      testIndices: e.probe.testIndices,
      features: tensorJson([n, e.spec.featDim], e.probe.features),
      logits: tensorJson([n, e.spec.numClasses], e.probe.logits),
    },
  };
}

/** The file's loss section: the head and the value of each parameter it reads (its default where the settings leave one out). */
export function lossSection(h: Hyper): WeightsFile['loss'] {
  const head = LOSSES[h.loss];
  const params: Record<string, number | string> = {};
  for (const key of head.params) {
    const v = h[key] ?? head.defaults[key];
    if (v !== undefined) params[key] = v;
  }
  return { kind: h.loss, params };
}

export function serializeWeights(file: WeightsFile): string {
  return JSON.stringify(file);
}

export interface ImportedWeights {
  file: WeightsFile;
  spec: ModelSpec;
  /** tfjs-layout values, ready for the trainer. */
  params: Map<string, Float32Array>;
  /** The file's centers; none where its head keeps none. */
  centers: Float32Array | null;
}

/** What is wrong with a file, in a teacher's terms: not JSON text, JSON that is not a weights file, or a weights file that does not fit. */
export type WeightsProblem = 'not-json' | 'not-weights' | 'invalid';

export type ParseResult = { ok: true; value: ImportedWeights } | { ok: false; error: string; problem: WeightsProblem };

/** The first test index the file names that the loaded dataset's test split does not have. */
function outsideTestSet(file: WeightsFile, dataset: Pick<DatasetSpec, 'name' | 'counts'>): string | null {
  const n = dataset.counts.test;
  const lists: Array<[string, number[]]> = [['metrics.evalIndices', file.metrics?.evalIndices ?? []], ['probe.testIndices', file.probe.testIndices]];
  for (const [path, list] of lists) {
    const k = list.findIndex((i) => i >= n);
    if (k >= 0) return `${path}.${k}: must be a test image of ${dataset.name} (0 to ${n - 1}), got ${list[k]}`;
  }
  return null;
}

/**
 * An older file brought up to this version. Version 1 was trained on MNIST (its model said so: 10 classes, 2-D features); versions 1
 * and 2 were trained with center loss (λ = 0: softmax alone), the loss section made from their hyper. Anything else is returned as it is.
 */
export function migrateWeights(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return json;
  const old = json as { format?: unknown; version?: unknown; dataset?: unknown; hyper?: unknown };
  if (old.format !== WEIGHTS_FORMAT || (old.version !== 1 && old.version !== 2)) return json;
  const dataset = old.dataset ?? (LEGACY_DATASET satisfies DatasetRef);
  const hyper = typeof old.hyper === 'object' && old.hyper !== null ? (old.hyper as Record<string, unknown>) : {};
  const kind: LossKind = 'center';
  const params = Object.fromEntries(LOSSES[kind].params.filter((k) => hyper[k] !== undefined).map((k) => [k, hyper[k]]));
  return { ...old, version: WEIGHTS_VERSION, dataset, hyper: { ...hyper, loss: kind }, loss: { kind, params } };
}

/** Validates the whole file (migrated from an older version) and that it was trained on the loaded dataset; the error names the first problem. */
export function parseWeightsFile(text: string, dataset: Pick<DatasetSpec, 'id' | 'name' | 'counts'>): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message})`, problem: 'not-json' };
  }
  const r = weightsFileSchema.safeParse(migrateWeights(json));
  if (!r.success) {
    const ours = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === WEIGHTS_FORMAT;
    return { ok: false, error: firstIssue(r.error), problem: ours ? 'invalid' : 'not-weights' };
  }
  const file = r.data;
  const other = datasetMismatch(file.dataset, dataset);
  if (other) return { ok: false, error: other, problem: 'invalid' };
  const outside = outsideTestSet(file, dataset);
  if (outside) return { ok: false, error: outside, problem: 'invalid' };
  const spec = specOf(file.model);
  const params = new Map<string, Float32Array>();
  for (const p of paramInfos(spec)) {
    params.set(p.name, fromTorch(spec, p.name, p.shape, Float32Array.from(file.tensors[p.name]!.data)));
  }
  return { ok: true, value: { file, spec, params, centers: file.centers ? Float32Array.from(file.centers.data) : null } };
}
