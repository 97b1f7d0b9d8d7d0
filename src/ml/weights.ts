/** The weights file: JSON with PyTorch state_dict names and layouts, validated with a schema on import. */
import { z } from 'zod';
import { BACKENDS, firstIssue, hyperSchema, VARIANTS, type BackendName, type Hyper } from './config';
import { fc1FromTorch, fc1ToTorch, hwioToOihw, oihwToHwio, transpose2d } from './layout';
import { flatSize, modelSpec, paramInfos, VARIANT_WIDTHS, type ModelSpec } from './lenetpp';
import type { EvalMetrics } from './metrics';

export const WEIGHTS_FORMAT = 'center-loss-lab/weights';
export const WEIGHTS_VERSION = 1;
export const PROBE_COUNT = 16;

const tensorSchema = z.object({
  shape: z.array(z.number().int().nonnegative()),
  data: z.array(z.number().refine(Number.isFinite, 'must be a finite number')),
});

const metricsSchema = z.object({
  count: z.number(),
  /** The held-out class, left out of every figure; absent in older files (which counted it). */
  heldOut: z.number().int().min(0).max(9).nullable().optional(),
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
  evalIndices: z.array(z.number().int().min(0).max(9999)).optional(),
});

export const weightsFileSchema = z
  .object({
    format: z.literal(WEIGHTS_FORMAT, { error: `format must be "${WEIGHTS_FORMAT}"` }),
    version: z.literal(WEIGHTS_VERSION, { error: `version must be ${WEIGHTS_VERSION}` }),
    model: z.object({
      variant: z.enum(VARIANTS),
      widths: z.array(z.array(z.number().int().positive())),
      featDim: z.union([z.literal(2), z.literal(3)]),
      numClasses: z.literal(10),
      fc2Bias: z.boolean(),
    }),
    tensors: z.record(z.string(), tensorSchema),
    centers: tensorSchema,
    hyper: hyperSchema,
    training: z.object({
      step: z.number().int().nonnegative(),
      epoch: z.number().int().nonnegative(),
      cursor: z.number().int().nonnegative(),
      seed: z.number().int().nonnegative(),
      backend: z.enum(BACKENDS),
      heldOutClass: z.number().int().min(0).max(9).nullable(),
    }),
    metrics: metricsSchema.nullable(),
    probe: z.object({
      testIndices: z.array(z.number().int().nonnegative()),
      features: tensorSchema,
      logits: tensorSchema,
    }),
  })
  .superRefine((file, ctx) => {
    const expectedWidths = VARIANT_WIDTHS[file.model.variant];
    if (JSON.stringify(file.model.widths) !== JSON.stringify(expectedWidths)) {
      ctx.addIssue({ code: 'custom', path: ['model', 'widths'], message: `must be ${JSON.stringify(expectedWidths)} for the ${file.model.variant} model` });
      return;
    }
    const spec = modelSpec(file.model.variant, file.model.fc2Bias, { featDim: file.model.featDim, numClasses: file.model.numClasses });
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
    checkTensor(ctx, ['centers'], file.centers, [spec.numClasses, spec.featDim]);
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
function torchShape(name: string, tfShape: number[]): number[] {
  if (name.startsWith('conv') && name.endsWith('.weight')) return [tfShape[3]!, tfShape[2]!, tfShape[0]!, tfShape[1]!];
  if (name === 'fc1.weight' || name === 'fc2.weight') return [tfShape[1]!, tfShape[0]!];
  return tfShape;
}

function toTorch(spec: ModelSpec, name: string, tfShape: number[], v: Float32Array): Float32Array {
  if (name.startsWith('conv') && name.endsWith('.weight')) return hwioToOihw(v, tfShape);
  if (name === 'fc1.weight') {
    const { side, channels } = flatSize(spec);
    return fc1ToTorch(v, side, channels, spec.featDim);
  }
  if (name === 'fc2.weight') return transpose2d(v, tfShape[0]!, tfShape[1]!);
  return v;
}

function fromTorch(spec: ModelSpec, name: string, tfShape: number[], v: Float32Array): Float32Array {
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
  /** tfjs-layout values keyed by state_dict name. */
  params: Map<string, Float32Array>;
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
    model: { variant: e.spec.variant, widths: e.spec.widths, featDim: e.spec.featDim, numClasses: 10, fc2Bias: e.spec.fc2Bias },
    tensors,
    centers: tensorJson([e.spec.numClasses, e.spec.featDim], e.centers),
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

export function serializeWeights(file: WeightsFile): string {
  return JSON.stringify(file);
}

export interface ImportedWeights {
  file: WeightsFile;
  spec: ModelSpec;
  /** tfjs-layout values, ready for the trainer. */
  params: Map<string, Float32Array>;
  centers: Float32Array;
}

/** What is wrong with a file, in a teacher's terms: not JSON text, JSON that is not a weights file, or a weights file that does not fit. */
export type WeightsProblem = 'not-json' | 'not-weights' | 'invalid';

export type ParseResult = { ok: true; value: ImportedWeights } | { ok: false; error: string; problem: WeightsProblem };

/** Validates the whole file; the error names the first problem. */
export function parseWeightsFile(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message})`, problem: 'not-json' };
  }
  const r = weightsFileSchema.safeParse(json);
  if (!r.success) {
    const ours = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === WEIGHTS_FORMAT;
    return { ok: false, error: firstIssue(r.error), problem: ours ? 'invalid' : 'not-weights' };
  }
  const file = r.data;
  const spec = modelSpec(file.model.variant, file.model.fc2Bias, { featDim: file.model.featDim, numClasses: file.model.numClasses });
  const params = new Map<string, Float32Array>();
  for (const p of paramInfos(spec)) {
    params.set(p.name, fromTorch(spec, p.name, p.shape, Float32Array.from(file.tensors[p.name]!.data)));
  }
  return { ok: true, value: { file, spec, params, centers: Float32Array.from(file.centers.data) } };
}
