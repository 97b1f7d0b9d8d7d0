/**
 * The settings table (TF Playground's State.PROPS): each setting a user can change, declared once with
 * its field, URL key, CLI flag, control, slider mapping and help. The URL hash, the controls, their
 * validation and `npm run train`'s flags all read it; the ranges are config.ts's RANGES, through its schemas.
 */
import { z } from 'zod';
import { FEAT_DIMS } from './architecture';
import { BACKENDS, CENTER_RULES, firstIssue, hyperSchema, OPTIMIZERS, presetConfig, PRESETS, RANGES, runConfigSchema, runsSchema, startsFromSoftmax, sweepSchema, VARIANTS, withOptimizer, type Hyper, type OptimizerKind, type PresetName, type RunConfig, type Validated } from './config';
import { MAX_CLASSES, MNIST, numClassesOf, type DatasetSpec } from './datasetSpec';
import { LOSS_KINDS, LOSS_PARAMS, LOSSES, OWN_LOSS_PARAM_KEYS, type LossKind, type LossParamSpec, type OwnLossParamKey } from './losses/registry';

export type SettingName = 'preset' | 'quick' | 'optimizer' | 'lambda' | 'alpha' | 'lr' | 'batchSize' | 'rule' | 'variant' | 'backend' | 'seed' | 'evalSize' | 'featDim' | 'heldOutClass' | 'compare' | 'sweep' | 'augRotate' | 'augShift' | 'augScale' | 'loss' | 'runs' | OwnLossParamKey;

/** What some settings' choices and checks depend on, known only at run time: the dataset being trained. */
export interface SettingContext {
  dataset: Pick<DatasetSpec, 'classNames'>;
}

/** Until the page knows its dataset: MNIST, the bundled one. */
export const DEFAULT_CONTEXT: SettingContext = { dataset: MNIST };

export type Option = { text: string; label: string };

/** How a slider position (0..100) maps to a value: log0 puts exactly 0 at position 0, then a log scale. */
export type SliderScale = { kind: 'linear'; min: number; max: number; step: number } | { kind: 'log'; min: number; max: number } | { kind: 'log0'; min: number; max: number };

export type Control =
  | { kind: 'slider'; scale: SliderScale }
  /** Options fixed in the table, or made from the run-time context (read them with optionsOf). */
  | { kind: 'select'; options: ReadonlyArray<Option> | ((ctx: SettingContext) => ReadonlyArray<Option>) }
  | { kind: 'number'; integer: boolean }
  | { kind: 'checkbox' }
  | { kind: 'list' };

export interface Setting<T = unknown> {
  name: SettingName;
  label: string;
  /** In a sentence or a chart marker: "λ", "batch", "seed". */
  short: string;
  help: string;
  /** Key in the URL hash. */
  url: string;
  /** `npm run train` flag (without --), where the CLI offers it. */
  cli?: string;
  control: Control;
  /** 'hyper': a hyper-parameter, in RunConfig.hyper (a preset sets it, files store it); 'run': the run's setup, which a new preset keeps. */
  group: 'hyper' | 'run';
  /** Applies to the running training at the next step; otherwise a change rebuilds the run. Independent of the group. */
  live: boolean;
  get(c: RunConfig): T;
  set(c: RunConfig, v: T): RunConfig;
  /** Text from a URL, a flag or a field → a value, or the first problem as a sentence; `ctx` for checks that depend on the run (the number of classes). */
  parse(text: string, ctx?: SettingContext): Validated<T>;
  format(v: T): string;
}

const fromSchema =
  <T>(schema: z.ZodType<T>, toValue: (text: string) => unknown) =>
  (text: string): Validated<T> => {
    const r = schema.safeParse(toValue(text));
    return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
  };
const asNumber = (t: string) => (t.trim() === '' ? NaN : Number(t));
const asText = (t: string) => t;

type HyperRest<T> = Omit<Setting<T>, 'name' | 'group' | 'get' | 'set' | 'parse' | 'format' | 'live'> & Partial<Pick<Setting<T>, 'parse' | 'format' | 'live'>>;

/** A hyper-parameter: live unless told otherwise; parsed as a number by its schema unless given a parse. */
function hyper<K extends keyof Hyper>(name: K & SettingName, rest: HyperRest<Hyper[K]>): Setting<Hyper[K]> {
  const schema = hyperSchema.shape[name] as unknown as z.ZodType<Hyper[K]>;
  return {
    name,
    group: 'hyper',
    live: true,
    get: (c) => c.hyper[name],
    set: (c, v) => ({ ...c, hyper: { ...c.hyper, [name]: v } }),
    parse: fromSchema(schema, asNumber),
    format: String,
    ...rest,
  };
}

type OptionalHyperKey = { [K in keyof Hyper]-?: undefined extends Hyper[K] ? K : never }[keyof Hyper];

/** An optional hyper-parameter: `absent` stands for a missing field and is stored as one, so today's settings and files stay as they are. */
function optionalHyper<K extends OptionalHyperKey>(name: K & SettingName, absent: NonNullable<Hyper[K]>, rest: HyperRest<NonNullable<Hyper[K]>>): Setting<NonNullable<Hyper[K]>> {
  const schema = (hyperSchema.shape[name] as unknown as z.ZodOptional<z.ZodType<NonNullable<Hyper[K]>>>).unwrap();
  return {
    ...hyper(name, { ...rest, parse: rest.parse ?? fromSchema(schema, asNumber) } as HyperRest<Hyper[K]>),
    get: (c) => c.hyper[name] ?? absent,
    set: (c, v) => {
      const { [name]: _, ...others } = c.hyper;
      return { ...c, hyper: (v === absent ? others : { ...others, [name]: v }) as Hyper };
    },
  } as Setting<NonNullable<Hyper[K]>>;
}

type ConfigKey = Exclude<keyof RunConfig, 'hyper' | 'fc2Bias'>;
function config<K extends ConfigKey>(name: K & SettingName, rest: Omit<Setting<RunConfig[K]>, 'name' | 'group' | 'get' | 'set' | 'live'>): Setting<RunConfig[K]> {
  return { name, group: 'run', live: false, get: (c) => c[name], set: (c, v) => ({ ...c, [name]: v }), ...rest };
}

/** A select's options: its fixed list, or the list made for this run's context. */
export const optionsOf = (control: Extract<Control, { kind: 'select' }>, ctx: SettingContext = DEFAULT_CONTEXT): ReadonlyArray<Option> =>
  typeof control.options === 'function' ? control.options(ctx) : control.options;

const options = (values: readonly (string | number)[], label: (v: string) => string = (v) => v) => values.map((v) => ({ text: String(v), label: label(String(v)) }));
const enumParse = <T extends string>(values: readonly T[]) => fromSchema(z.enum(values as [T, ...T[]], { error: `expected one of ${values.join(', ')}` }) as z.ZodType<T>, asText);

export const EVAL_SIZE_CHOICES = [0, 200, 500, 1000, 2000, 5000, 10000] as const;
export const BATCH_CHOICES = [8, 16, 32, 64, 128, 256] as const;

const erase = (s: Setting<never>): Setting<unknown> => s as unknown as Setting<unknown>;

const lossLabel = (k: string) => LOSSES[k as LossKind].label;

const controlOf = (p: LossParamSpec): Control => {
  const c = p.control;
  if (c.kind === 'select') return { kind: 'select', options: options(c.options) };
  if (c.kind === 'number') return { kind: 'number', integer: p.integer };
  return { kind: 'slider', scale: c.scale === 'linear' ? { kind: 'linear', min: p.min, max: p.max, step: c.step } : { kind: 'log0', min: c.min, max: p.max } };
};

/** A loss head's own parameter, as its registry row declares it. */
function lossParamSetting(name: OwnLossParamKey): Setting<number> {
  const p: LossParamSpec = LOSS_PARAMS[name];
  return optionalHyper(name, p.absent, { label: p.label, short: p.short, help: p.help, url: p.url, cli: p.cli, control: controlOf(p) });
}

export const SETTINGS: ReadonlyArray<Setting<unknown>> = ([
  config('preset', {
    label: 'Preset',
    short: 'preset',
    help: 'hyper-parameters to start from',
    url: 'preset',
    cli: 'preset',
    control: { kind: 'select', options: options(PRESETS, (p) => (p === 'fast' ? 'fast (default)' : p === 'quick' ? 'quick lesson (from a softmax-trained start)' : p === 'reference' ? 'reference (PyTorch defaults)' : 'caffe (original)')) },
    parse: enumParse(PRESETS),
    format: String,
  }),
  {
    name: 'quick',
    label: 'Quick lesson',
    short: 'quick lesson',
    help: 'compare mode from the shipped network trained with softmax alone: center loss is switched on in one run (the quick preset); 0 returns to the fast preset from scratch',
    url: 'quick',
    cli: 'quick',
    control: { kind: 'checkbox' },
    group: 'run',
    live: false,
    get: (c: RunConfig) => startsFromSoftmax(c),
    // Read right after the preset: later keys (λ, lr, …) change the quick recipe.
    // The start was trained on every digit, so none can be held out of it.
    set: (c: RunConfig, on: boolean) => (on ? { ...withPreset(c, 'quick'), compare: true, sweep: null, runs: null, heldOutClass: null } : withPreset(c, 'fast')),
    parse: (t: string): Validated<boolean> => (t === '1' || t === '0' ? { ok: true, value: t === '1' } : { ok: false, error: 'expected 1 or 0' }),
    format: (v: boolean) => (v ? '1' : '0'),
  } satisfies Setting<boolean>,
  {
    name: 'optimizer',
    label: 'Optimizer',
    short: 'optimizer',
    help: 'the model\'s optimizer, as PyTorch computes it: SGD with momentum, Adam (L2 decay) or AdamW (decoupled decay); Adam and AdamW bring their one-epoch recipe (lr, schedule, weight decay); the centers keep their own update',
    url: 'optimizer',
    cli: 'optimizer',
    control: { kind: 'select', options: options(OPTIMIZERS, (o) => (o === 'sgd' ? 'SGD with momentum' : o === 'adam' ? 'Adam' : 'AdamW')) },
    group: 'hyper',
    live: false,
    get: (c: RunConfig) => c.hyper.optimizer,
    // Read right after the preset: later keys (lr, …) change the recipe.
    set: (c: RunConfig, kind: OptimizerKind) => ({ ...c, hyper: withOptimizer(c.hyper, c.preset, kind) }),
    parse: enumParse(OPTIMIZERS),
    format: String,
  } satisfies Setting<OptimizerKind>,
  hyper('loss', {
    label: 'Loss',
    short: 'loss',
    help: 'the loss head: softmax, center loss (softmax + λ·L_C), or an angular margin on the normalised fc2 rows: SphereFace cos(mθ), CosFace cos θ − m, ArcFace cos(θ + m)',
    url: 'loss',
    cli: 'loss',
    control: { kind: 'select', options: options(LOSS_KINDS, lossLabel) },
    live: false,
    parse: enumParse(LOSS_KINDS),
  }),
  hyper('lambda', {
    label: 'λ, center-loss weight',
    short: 'λ',
    help: 'center-loss weight λ; 0 is softmax only',
    url: 'lambda',
    cli: 'lambda',
    control: { kind: 'slider', scale: { kind: 'log0', min: 1e-4, max: RANGES.lambda.max } },
  }),
  hyper('alpha', {
    label: 'α, center learning rate',
    short: 'α',
    help: 'learning rate of the centers',
    url: 'alpha',
    cli: 'alpha',
    control: { kind: 'slider', scale: { kind: 'linear', min: RANGES.alpha.min, max: RANGES.alpha.max, step: 0.01 } },
  }),
  hyper('lr', {
    label: 'Learning rate (peak)',
    short: 'lr',
    help: 'peak learning rate of the model, before the schedule',
    url: 'lr',
    cli: 'lr',
    control: { kind: 'slider', scale: { kind: 'log', min: RANGES.lr.min, max: RANGES.lr.max } },
  }),
  hyper('batchSize', {
    label: 'Batch size',
    short: 'batch',
    help: 'images per training step',
    url: 'batch',
    cli: 'batch',
    control: { kind: 'select', options: options(BATCH_CHOICES) },
  }),
  hyper('rule', {
    label: 'Center update',
    short: 'center update',
    help: 'reference: SGD on the centers with lr α, decoupled from λ; paper: Wen et al. Eq. 4',
    url: 'rule',
    cli: 'rule',
    control: { kind: 'select', options: options(CENTER_RULES, (r) => (r === 'reference' ? 'Reference (SGD)' : 'Paper Eq. 4')) },
    parse: enumParse(CENTER_RULES),
  }),
  config('variant', {
    label: 'Model',
    short: 'model',
    help: 'LeNet++ full, or slim (one convolution per stage, about 10× cheaper); auto: slim without a real GPU',
    url: 'variant',
    cli: 'variant',
    control: { kind: 'select', options: options(['auto', ...VARIANTS]) },
    parse: enumParse(['auto', ...VARIANTS] as const),
    format: String,
  }),
  config('backend', {
    label: 'Backend',
    short: 'backend',
    help: 'tfjs backend; auto: WebGPU on a real GPU, else WebGL on a real GPU, else WebAssembly',
    url: 'backend',
    cli: 'backend',
    control: { kind: 'select', options: options(['auto', ...BACKENDS]) },
    parse: enumParse(['auto', ...BACKENDS] as const),
    format: String,
  }),
  config('seed', {
    label: 'Seed',
    short: 'seed',
    help: 'seed of the initialisation and of the batch order',
    url: 'seed',
    cli: 'seed',
    control: { kind: 'number', integer: true },
    parse: fromSchema(runConfigSchema.shape.seed, asNumber),
    format: String,
  }),
  config('evalSize', {
    label: 'Eval digits',
    short: 'eval size',
    help: 'test digits embedded for the scatter and the metrics, class-balanced; 0: chosen for the backend and the number of runs',
    url: 'evalSize',
    cli: 'eval-size',
    control: { kind: 'select', options: options(EVAL_SIZE_CHOICES, (v) => (v === '0' ? 'auto' : v)) },
    parse: fromSchema(runConfigSchema.shape.evalSize, asNumber),
    format: String,
  }),
  config('featDim', {
    label: 'Feature dimension',
    short: 'feature dimension',
    help: 'values per deep feature: 2 as in the paper, or 3, drawn as a view you rotate by dragging',
    url: 'featDim',
    cli: 'feat-dim',
    control: { kind: 'select', options: options(FEAT_DIMS, (d) => `${d}-D`) },
    parse: fromSchema(runConfigSchema.shape.featDim, asNumber),
    format: String,
  }),
  config('heldOutClass', {
    label: 'Hold out digit',
    short: 'held-out digit',
    help: 'a digit kept out of training, for the open-set demo',
    url: 'holdout',
    cli: 'holdout',
    control: { kind: 'select', options: (ctx) => [{ text: 'none', label: 'none' }, ...ctx.dataset.classNames.map((name, k) => ({ text: String(k), label: name === String(k) ? name : `${k}: ${name}` }))] },
    // Without a context (a link read before its dataset loads) any class a dataset may have; the run checks it against the data.
    parse: (t, ctx) => {
      const last = ctx ? numClassesOf(ctx.dataset) - 1 : MAX_CLASSES - 1;
      const r = runConfigSchema.shape.heldOutClass.safeParse(t === 'none' ? null : asNumber(t));
      return r.success && (r.data === null || r.data <= last) ? { ok: true, value: r.data } : { ok: false, error: `expected a class 0-${last} or none` };
    },
    format: (v) => (v === null ? 'none' : String(v)),
  }),
  config('compare', {
    label: 'Compare with softmax only (a λ = 0 twin: same start, same batches)',
    short: 'compare',
    help: 'also train a λ = 0 run in lockstep; the shortcut for sweep=0,λ',
    url: 'compare',
    control: { kind: 'checkbox' },
    parse: (t) => (t === '1' || t === '0' ? { ok: true, value: t === '1' } : { ok: false, error: 'expected 1 or 0' }),
    format: (v) => (v ? '1' : '0'),
  }),
  config('sweep', {
    label: 'λ sweep',
    short: 'sweep',
    help: '2 to 6 λ values trained in lockstep from one start, e.g. 0,0.01,0.1,1 (empty: off)',
    url: 'sweep',
    cli: 'sweep',
    control: { kind: 'list' },
    parse: (t) => {
      if (t.trim() === '' || t === 'none') return { ok: true, value: null };
      const r = sweepSchema.safeParse(t.split(',').map(asNumber));
      return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
    },
    format: (v) => (v === null ? '' : v.join(',')),
  }),
  config('runs', {
    label: 'Runs',
    short: 'runs',
    help: '1 to 6 runs trained in lockstep from one start on the same batches, one loss each, e.g. softmax,center,arcface (empty: off)',
    url: 'runs',
    cli: 'runs',
    control: { kind: 'list' },
    parse: (t) => {
      if (t.trim() === '' || t === 'none') return { ok: true, value: null };
      const names = t.split(',').map((n) => n.trim());
      const bad = names.find((n) => !(LOSS_KINDS as readonly string[]).includes(n));
      if (bad !== undefined) return { ok: false, error: `"${bad}" is not a loss: expected ${LOSS_KINDS.join(', ')}` };
      const r = runsSchema.safeParse(names.map((loss) => ({ loss })));
      return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(r.error) };
    },
    format: (v) => (v === null ? '' : v.map((o) => o.loss ?? 'center').join(',')),
  }),
  optionalHyper('augRotate', 0, {
    label: 'Augment: rotation (°)',
    short: 'rotation',
    help: 'rotate each training digit by a random angle up to this many degrees either way (0: off)',
    url: 'augRotate',
    cli: 'aug-rotate',
    control: { kind: 'slider', scale: { kind: 'linear', min: 0, max: 45, step: 1 } },
  }),
  optionalHyper('augShift', 0, {
    label: 'Augment: shift (pixels)',
    short: 'shift',
    help: 'move each training digit by up to this many pixels in x and in y (0: off)',
    url: 'augShift',
    cli: 'aug-shift',
    control: { kind: 'slider', scale: { kind: 'linear', min: 0, max: 4, step: 0.5 } },
  }),
  optionalHyper('augScale', 0, {
    label: 'Augment: scale (±)',
    short: 'scale',
    help: 'scale each training digit by a random factor within 1 ± this fraction (0: off)',
    url: 'augScale',
    cli: 'aug-scale',
    control: { kind: 'slider', scale: { kind: 'linear', min: 0, max: 0.3, step: 0.01 } },
  }),
  ...OWN_LOSS_PARAM_KEYS.map(lossParamSetting),
] as Array<Setting<never>>).map(erase);

export const settingByName = (name: SettingName): Setting<unknown> => SETTINGS.find((s) => s.name === name)!;

/** Slider positions run 0..SLIDER_STEPS. */
export const SLIDER_STEPS = 100;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The value at a slider position, rounded to 2 significant digits on log scales. */
export function sliderValue(scale: SliderScale, pos: number): number {
  const t = clamp(pos, 0, SLIDER_STEPS) / SLIDER_STEPS;
  if (scale.kind === 'linear') return +(scale.min + Math.round((t * (scale.max - scale.min)) / scale.step) * scale.step).toFixed(10);
  if (scale.kind === 'log0' && pos <= 0) return 0;
  const u = scale.kind === 'log0' ? (pos - 1) / (SLIDER_STEPS - 1) : t;
  const [a, b] = [Math.log10(scale.min), Math.log10(scale.max)];
  return +Math.pow(10, a + clamp(u, 0, 1) * (b - a)).toPrecision(2);
}

/** The slider position nearest a value. */
export function sliderPosition(scale: SliderScale, v: number): number {
  if (scale.kind === 'linear') return Math.round(((clamp(v, scale.min, scale.max) - scale.min) / (scale.max - scale.min)) * SLIDER_STEPS);
  if (scale.kind === 'log0' && v <= 0) return 0;
  const [a, b] = [Math.log10(scale.min), Math.log10(scale.max)];
  const u = (Math.log10(clamp(v, scale.min, scale.max)) - a) / (b - a);
  return scale.kind === 'log0' ? Math.round(1 + u * (SLIDER_STEPS - 1)) : Math.round(u * SLIDER_STEPS);
}

/** A new preset keeps everything that is not a hyper-parameter: the model, backend, seed, runs and so on. */
export function withPreset(config: RunConfig, preset: PresetName): RunConfig {
  return SETTINGS.filter((s) => s.group === 'run' && s.name !== 'preset' && s.name !== 'quick').reduce((c, s) => s.set(c, s.get(config)), presetConfig(preset));
}
