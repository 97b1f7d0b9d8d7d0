/** Typed hyper-parameters, presets and their validation: the one source of truth for a run's setup. */
import { z } from 'zod';
import { MAX_CLASSES } from './datasetSpec';
import { LOSS_KINDS, LOSS_PARAMS, type OwnLossParamKey } from './losses/registry';

// Zod would probe for eval (Function('')) before its first parse: the app's CSP forbids eval, and the probe is reported as a violation.
z.config({ jitless: true });

export const VARIANTS = ['full', 'slim'] as const;
export type Variant = (typeof VARIANTS)[number];
export type VariantChoice = Variant | 'auto';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export const CENTER_RULES = ['reference', 'paper'] as const;
/** reference: SGD on the centers with lr α, decoupled from λ; paper: Wen et al. Eq. 4. */
export type CenterRule = (typeof CENTER_RULES)[number];

export const OPTIMIZERS = ['sgd', 'adam', 'adamw'] as const;
/** The model's optimizer, in PyTorch's semantics: SGD with momentum, Adam (L2 decay added to the gradient), AdamW (decoupled decay). */
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const PRESETS = ['fast', 'quick', 'reference', 'caffe'] as const;
export type PresetName = (typeof PRESETS)[number];

export const RANGES = {
  lambda: { min: 0, max: 10 },
  alpha: { min: 0, max: 1 },
  lr: { min: 1e-5, max: 1 },
  batchSize: { min: 1, max: 512 },
  clip: { min: 0, max: 100 },
  momentum: { min: 0, max: 0.999 },
  weightDecay: { min: 0, max: 0.1 },
  evalSize: { min: 10, max: 10000 },
  augRotate: { min: 0, max: 180 },
  augShift: { min: 0, max: 8 },
  augScale: { min: 0, max: 0.5 },
} as const;

const ranged = (r: { min: number; max: number }, name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .refine(Number.isFinite, `${name} must be finite`)
    .refine((v) => v >= r.min && v <= r.max, `${name} must be between ${r.min} and ${r.max}`);

const rangedInt = (r: { min: number; max: number }, name: string) =>
  ranged(r, name).refine(Number.isInteger, `${name} must be a whole number`);

/** The schemas of the loss heads' own parameters, from their specs in the registry. */
function lossParamShape(): { [K in OwnLossParamKey]: z.ZodOptional<z.ZodNumber> } {
  const entries = Object.entries(LOSS_PARAMS).map(([k, p]) => [k, (p.integer ? rangedInt : ranged)(p, p.name).optional()]);
  return Object.fromEntries(entries) as { [K in OwnLossParamKey]: z.ZodOptional<z.ZodNumber> };
}

export const scheduleSchema = z.discriminatedUnion('kind', [
  /** StepLR: lr × gamma every `everyEpochs` epochs (the reference). */
  z.object({ kind: z.literal('step'), everyEpochs: z.number().int().positive(), gamma: z.number().positive().max(1) }),
  /** Linear warm-up lr·(s+1)/W, then cosine from lr down to lr × floor at decaySteps, constant after. */
  z.object({
    kind: z.literal('warmupCosine'),
    warmupSteps: z.number().int().nonnegative(),
    decaySteps: z.number().int().positive(),
    floor: z.number().min(0).max(1),
  }),
]);
export type Schedule = z.infer<typeof scheduleSchema>;

export const hyperSchema = z.object({
  lambda: ranged(RANGES.lambda, 'λ'),
  alpha: ranged(RANGES.alpha, 'α'),
  lr: ranged(RANGES.lr, 'learning rate'),
  batchSize: rangedInt(RANGES.batchSize, 'batch size'),
  rule: z.enum(CENTER_RULES),
  /** Max global gradient norm of the model parameters; 0 turns clipping off. */
  clip: ranged(RANGES.clip, 'gradient clip'),
  momentum: ranged(RANGES.momentum, 'momentum'),
  weightDecay: ranged(RANGES.weightDecay, 'weight decay'),
  schedule: scheduleSchema,
  /** The model's optimizer (the centers keep their own rule); files that name none trained with SGD. */
  optimizer: z.enum(OPTIMIZERS, { error: `optimizer must be one of ${OPTIMIZERS.join(', ')}` }).default('sgd'),
  /** λ rises linearly from 0 over this many steps (the quick lesson, so that switching center loss on does not jolt a trained network); absent: none. */
  lambdaWarmupSteps: z.number().int().min(0).max(100_000).optional(),
  /** The first this many conv stages keep the weights they started from (the quick lesson: only the last stage and the feature layers learn, at about half a step's cost); absent: 0. */
  frozenStages: z.number().int().min(0).max(3, 'at most 3 conv stages can be kept fixed').optional(),
  /** Augmentation (augment.ts): the largest rotation in degrees, shift in pixels and scale change as a fraction; absent: 0, off. */
  augRotate: ranged(RANGES.augRotate, 'rotation').optional(),
  augShift: ranged(RANGES.augShift, 'shift').optional(),
  augScale: ranged(RANGES.augScale, 'scale change').optional(),
  /** The loss head (src/ml/losses/registry.ts); files and links that name none trained with center loss (λ = 0: softmax alone). */
  loss: z.enum(LOSS_KINDS, { error: `loss must be one of ${LOSS_KINDS.join(', ')}` }).default('center'),
  /** Each loss head's own parameters, declared in its registry row (SphereFace's m, CosFace's and ArcFace's s and m, …); absent: the row's defaults. */
  ...lossParamShape(),
});
export type Hyper = z.infer<typeof hyperSchema>;

export { lambdaAt } from './losses/schedules';

/** 2 to 6 distinct λ values, trained side by side from one start. */
export const sweepSchema = z
  .array(ranged(RANGES.lambda, 'λ'))
  .min(2, 'a sweep needs at least 2 λ values')
  .max(6, 'a sweep takes at most 6 λ values')
  .refine((v) => new Set(v).size === v.length, 'the λ values of a sweep must differ');

/** What one run sets on top of the shared settings: any hyper-parameter (its loss, λ, m, …). */
export const runOverrideSchema = hyperSchema
  .omit({ optimizer: true, loss: true })
  .partial()
  .extend({ loss: z.enum(LOSS_KINDS, { error: `loss must be one of ${LOSS_KINDS.join(', ')}` }).optional() })
  .strict();
export type RunOverride = z.infer<typeof runOverrideSchema>;

/** 1 to 6 runs trained side by side from one start, each the shared settings plus its overrides. */
export const runsSchema = z.array(runOverrideSchema).min(1, 'runs needs at least 1 run').max(6, 'at most 6 runs train side by side');

export const runConfigSchema = z.object({
  preset: z.enum(PRESETS),
  hyper: hyperSchema,
  variant: z.enum(['auto', ...VARIANTS]),
  fc2Bias: z.boolean(),
  backend: z.enum(['auto', ...BACKENDS]),
  seed: z.number().int().min(0).max(0xffffffff),
  /** Test digits embedded for the scatter; 0 means "choose for the backend". */
  evalSize: z.union([z.literal(0), rangedInt(RANGES.evalSize, 'eval-set size')]),
  /** Values per deep feature (fc1's width): 2 is the paper's figures; 3 is drawn as a view that rotates. Absent in older saves: 2. */
  featDim: z.union([z.literal(2), z.literal(3)], { error: 'the feature dimension must be 2 or 3' }).default(2),
  /** A digit class kept out of training (open-set demo), or null. */
  heldOutClass: z.number().int().min(0).max(MAX_CLASSES - 1).nullable(),
  /** Also train a softmax-only twin (λ = 0) in lockstep, from the same start on the same batches. */
  compare: z.boolean(),
  /** λ values of a sweep (then the runs' λ; compare is the shortcut for [0, λ]), or null. */
  sweep: sweepSchema.nullable(),
  /** The runs as overrides of the shared settings (softmax | center | ArcFace …); absent or null: the sweep or compare shortcut. */
  runs: runsSchema.nullable().default(null),
});
export type RunConfig = z.infer<typeof runConfigSchema>;

/** Steps in one epoch of a training set of `trainCount` images. */
export const stepsPerEpochOf = (trainCount: number, batch: number) => Math.ceil(trainCount / batch);
export const STEPS_PER_EPOCH_60K = (batch: number) => stepsPerEpochOf(60000, batch);

/**
 * A schedule that decays over one epoch (the fast preset's: one epoch of MNIST's 60,000) decays over one epoch of this dataset
 * instead; MNIST's is unchanged. `fittedTo`: the training count the config's schedule was last fitted to.
 */
export function fitScheduleTo(config: RunConfig, trainCount: number, fittedTo = 60000): RunConfig {
  const s = config.hyper.schedule;
  // Counted at the preset's batch, as the preset's 469 is whatever batch the user picks.
  const epoch = (n: number) => Math.max(s.kind === 'warmupCosine' ? s.warmupSteps + 1 : 1, stepsPerEpochOf(n, PRESET_HYPER.fast.batchSize));
  if (s.kind !== 'warmupCosine' || s.decaySteps !== epoch(fittedTo)) return config;
  const decaySteps = epoch(trainCount);
  return decaySteps === s.decaySteps ? config : { ...config, hyper: { ...config.hyper, schedule: { ...s, decaySteps } } };
}

/** Why the quick lesson holds no class out: its shipped start saw them all, so none would be "never trained". */
export const QUICK_HOLDOUT_REFUSED = 'the quick lesson starts from a network already trained on all ten digits, so no digit can be held out of it; turn the quick lesson off to hold one out from scratch';

/** The held-out class must exist in the dataset loaded (the schema allows up to MAX_CLASSES − 1), and never under the quick lesson. */
export function checkHeldOutClass(config: Pick<RunConfig, 'heldOutClass'> & Partial<Pick<RunConfig, 'preset'>>, dataset: { name: string; classNames: readonly string[] }): Validated<null> {
  const k = config.heldOutClass;
  const n = dataset.classNames.length;
  if (k !== null && config.preset !== undefined && startsFromSoftmax({ preset: config.preset })) return { ok: false, error: `heldOutClass: ${QUICK_HOLDOUT_REFUSED}` };
  if (k === null || k < n) return { ok: true, value: null };
  return { ok: false, error: `heldOutClass: class ${k} does not exist in ${dataset.name}, which has ${n} classes (0–${n - 1})` };
}

const REFERENCE_HYPER: Hyper = {
  lambda: 1,
  alpha: 0.5,
  lr: 0.001,
  batchSize: 128,
  rule: 'reference',
  clip: 0,
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: { kind: 'step', everyEpochs: 20, gamma: 0.5 },
  optimizer: 'sgd',
  loss: 'center',
};

export const PRESET_HYPER: Record<PresetName, Hyper> = {
  /**
   * ≥97% test accuracy in one epoch at λ = 1 with the full model: 98.4%, 98.0%, 98.0% on seeds 1-3
   * (PyTorch, same math; README → Presets). The clip is what makes lr 0.2 safe.
   */
  fast: {
    ...REFERENCE_HYPER,
    lr: 0.2,
    clip: 1,
    schedule: { kind: 'warmupCosine', warmupSteps: 50, decaySteps: 469, floor: 0.025 },
  },
  /**
   * The quick lesson: from the shipped softmax-trained start (startsFromSoftmax), a small λ ramped in over 30 steps at a constant lr,
   * the first two conv stages kept as the start had them (a step at about half the cost; the lesson by shape in 130-180 steps on
   * seeds 1-3 in PyTorch: bench/README.md, "Time to the lesson").
   */
  quick: {
    ...REFERENCE_HYPER,
    lambda: 0.12,
    lambdaWarmupSteps: 30,
    alpha: 0.5,
    lr: 0.03,
    frozenStages: 2,
    batchSize: 32,
    clip: 1,
    schedule: { kind: 'step', everyEpochs: 1000, gamma: 1 },
  },
  /** The exact defaults of the reference PyTorch implementation. */
  reference: REFERENCE_HYPER,
  /** The original Caffe model's settings. */
  caffe: { ...REFERENCE_HYPER, lr: 0.01, lambda: 0.01, alpha: 0.5 },
};

/** What an optimizer recipe sets on top of a preset: the peak lr, its schedule, the weight decay and the clip. */
export type OptimizerRecipe = Pick<Hyper, 'lr' | 'schedule' | 'weightDecay' | 'clip'>;

/**
 * One-epoch recipes for Adam and AdamW (slim model, batch 128): within/between at least 2× smaller at λ = 1 than at λ = 0
 * on seeds 1-3 (PyTorch, scripts/dev/optimizer_recipe.py; bench/README.md, "Optimizers").
 */
export const OPTIMIZER_RECIPES: Record<Exclude<OptimizerKind, 'sgd'>, OptimizerRecipe> = {
  adam: { lr: 0.003, weightDecay: 5e-4, clip: 1, schedule: { kind: 'warmupCosine', warmupSteps: 50, decaySteps: 469, floor: 0.025 } },
  adamw: { lr: 0.003, weightDecay: 0.01, clip: 1, schedule: { kind: 'warmupCosine', warmupSteps: 50, decaySteps: 469, floor: 0.025 } },
};

/** The hyper-parameters an optimizer trains with under a preset: SGD keeps the preset's, Adam and AdamW get their recipe. */
export function withOptimizer(hyper: Hyper, preset: PresetName, kind: OptimizerKind): Hyper {
  const p = PRESET_HYPER[preset];
  const recipe: OptimizerRecipe = kind === 'sgd' ? { lr: p.lr, schedule: p.schedule, weightDecay: p.weightDecay, clip: p.clip } : OPTIMIZER_RECIPES[kind];
  return { ...hyper, ...recipe, optimizer: kind };
}

export const PRESET_FC2_BIAS: Record<PresetName, boolean> = { fast: true, quick: true, reference: true, caffe: false };

/** The quick lesson's runs start from the network shipped in public/starts/ (trained with softmax alone), not from a fresh initialisation. */
export const startsFromSoftmax = (c: Pick<RunConfig, 'preset'>): boolean => c.preset === 'quick';

export function presetConfig(preset: PresetName, overrides: Partial<Omit<RunConfig, 'hyper'>> & { hyper?: Partial<Hyper> } = {}): RunConfig {
  const { hyper, ...rest } = overrides;
  return {
    preset,
    variant: 'auto',
    fc2Bias: PRESET_FC2_BIAS[preset],
    backend: 'auto',
    seed: 1,
    evalSize: 0,
    featDim: 2,
    heldOutClass: null,
    compare: false,
    sweep: null,
    runs: null,
    ...rest,
    hyper: { ...PRESET_HYPER[preset], ...hyper },
  };
}

export const DEFAULT_CONFIG: RunConfig = presetConfig('fast');

/** The first problem with a value, as a sentence naming the field. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

export function validateHyperPatch(patch: unknown): Validated<Partial<Hyper>> {
  // The optimizer and the loss are not live (a change rebuilds the run), and their defaults would otherwise fill every patch.
  const r = hyperSchema.omit({ optimizer: true, loss: true }).partial().strict().safeParse(patch);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
}

export function validateRunConfig(config: unknown): Validated<RunConfig> {
  const r = runConfigSchema.safeParse(config);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
}

/**
 * What each run a config trains sets on top of the shared settings, in order: the runs, else a λ sweep, else the compare pair
 * (a softmax twin first: λ = 0 under center loss, the softmax head under any other), else the one run.
 */
export function runOverrides(c: Pick<RunConfig, 'sweep' | 'compare' | 'hyper'> & { runs?: RunConfig['runs'] }): RunOverride[] {
  if (c.runs) return c.runs.map((o) => ({ ...o }));
  if (c.sweep) return c.sweep.map((lambda) => ({ lambda }));
  if (!c.compare) return [{}];
  return [c.hyper.loss === 'center' ? { lambda: 0 } : { loss: 'softmax' }, {}];
}

/** The λ of each run a config trains, in order. */
export function runLambdas(c: Pick<RunConfig, 'sweep' | 'compare' | 'hyper'> & { runs?: RunConfig['runs'] }): number[] {
  return runOverrides(c).map((o) => o.lambda ?? c.hyper.lambda);
}

/** Whether the λ control drives a run: one that sets no λ of its own. */
export const followsLambda = (c: Pick<RunConfig, 'sweep' | 'compare' | 'hyper'> & { runs?: RunConfig['runs'] }, index: number): boolean => runOverrides(c)[index]?.lambda === undefined;

/**
 * The quick lesson's softmax-only twin takes no steps: it is the shipped start, already a trained softmax network (spokes), so the
 * λ > 0 run has the cores to itself and the class compares against where both began.
 */
export const frozenRun = (c: Pick<RunConfig, 'preset' | 'compare' | 'sweep'> & { runs?: RunConfig['runs'] }, index: number): boolean =>
  startsFromSoftmax(c) && c.compare && c.sweep === null && !c.runs && index === 0;

/** Learning rate of the model at a given step (the centers' α is never scheduled). */
export function learningRateAt(hyper: Pick<Hyper, 'lr' | 'schedule'>, step: number, stepsPerEpoch: number): number {
  const s = hyper.schedule;
  if (s.kind === 'step') {
    const epoch = Math.floor(step / stepsPerEpoch);
    return hyper.lr * Math.pow(s.gamma, Math.floor(epoch / s.everyEpochs));
  }
  if (step < s.warmupSteps) return (hyper.lr * (step + 1)) / s.warmupSteps;
  if (step >= s.decaySteps) return hyper.lr * s.floor;
  const t = (step - s.warmupSteps) / Math.max(1, s.decaySteps - s.warmupSteps);
  return hyper.lr * (s.floor + (1 - s.floor) * 0.5 * (1 + Math.cos(Math.PI * t)));
}
