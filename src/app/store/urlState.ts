/** The whole configuration in the URL hash, so that a shared link reproduces the setup. */
import { BACKENDS, CENTER_RULES, hyperSchema, PRESETS, presetConfig, runConfigSchema, VARIANTS, firstIssue, type RunConfig } from '../../ml/config';

export const HASH_KEYS = ['preset', 'lambda', 'alpha', 'lr', 'batch', 'rule', 'variant', 'backend', 'seed', 'evalSize', 'compare', 'holdout'] as const;
export type HashKey = (typeof HASH_KEYS)[number];

export interface ParsedHash {
  config: RunConfig;
  /** One sentence per ignored value. */
  notices: string[];
}

const oneOf = <T extends string>(values: readonly T[], v: string): T | undefined => (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function parseHash(hash: string): ParsedHash {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const notices: string[] = [];
  const ignore = (key: string, value: string, why: string) => notices.push(`Ignored ${key}=${value} from the link: ${why}.`);
  const presetRaw = params.get('preset');
  const preset = presetRaw === null ? 'fast' : oneOf(PRESETS, presetRaw);
  if (presetRaw !== null && !preset) ignore('preset', presetRaw, `expected one of ${PRESETS.join(', ')}`);
  let config = presetConfig(preset ?? 'fast');

  const num = (key: HashKey, field: 'lambda' | 'alpha' | 'lr' | 'batchSize') => {
    const raw = params.get(key);
    if (raw === null) return;
    const r = hyperSchema.shape[field].safeParse(raw.trim() === '' ? NaN : Number(raw));
    if (r.success) config = { ...config, hyper: { ...config.hyper, [field]: r.data } };
    else ignore(key, raw, firstIssue(r.error));
  };
  num('lambda', 'lambda');
  num('alpha', 'alpha');
  num('lr', 'lr');
  num('batch', 'batchSize');

  const rule = params.get('rule');
  if (rule !== null) {
    const v = oneOf(CENTER_RULES, rule);
    if (v) config = { ...config, hyper: { ...config.hyper, rule: v } };
    else ignore('rule', rule, `expected one of ${CENTER_RULES.join(', ')}`);
  }
  const variant = params.get('variant');
  if (variant !== null) {
    const v = oneOf(['auto', ...VARIANTS] as const, variant);
    if (v) config = { ...config, variant: v };
    else ignore('variant', variant, 'expected auto, full or slim');
  }
  const backend = params.get('backend');
  if (backend !== null) {
    const v = oneOf(['auto', ...BACKENDS] as const, backend);
    if (v) config = { ...config, backend: v };
    else ignore('backend', backend, `expected auto, ${BACKENDS.join(', ')}`);
  }
  const intField = (key: 'seed' | 'evalSize') => {
    const raw = params.get(key);
    if (raw === null) return;
    const r = runConfigSchema.shape[key].safeParse(raw.trim() === '' ? NaN : Number(raw));
    if (r.success) config = { ...config, [key]: r.data };
    else ignore(key, raw, firstIssue(r.error));
  };
  intField('seed');
  intField('evalSize');
  const compare = params.get('compare');
  if (compare !== null) {
    if (compare === '1' || compare === '0') config = { ...config, compare: compare === '1' };
    else ignore('compare', compare, 'expected 1 or 0');
  }
  const holdout = params.get('holdout');
  if (holdout !== null) {
    const r = runConfigSchema.shape.heldOutClass.safeParse(holdout === 'none' ? null : holdout.trim() === '' ? NaN : Number(holdout));
    if (r.success) config = { ...config, heldOutClass: r.data };
    else ignore('holdout', holdout, 'expected a digit 0-9 or none');
  }
  for (const key of params.keys()) if (!(HASH_KEYS as readonly string[]).includes(key)) ignore(key, params.get(key) ?? '', 'unknown setting');
  return { config, notices };
}

/** Only what differs from the preset is written, so links stay short. */
export function toHash(config: RunConfig): string {
  const base = presetConfig(config.preset);
  const p = new URLSearchParams();
  p.set('preset', config.preset);
  const h = config.hyper;
  if (h.lambda !== base.hyper.lambda) p.set('lambda', String(h.lambda));
  if (h.alpha !== base.hyper.alpha) p.set('alpha', String(h.alpha));
  if (h.lr !== base.hyper.lr) p.set('lr', String(h.lr));
  if (h.batchSize !== base.hyper.batchSize) p.set('batch', String(h.batchSize));
  if (h.rule !== base.hyper.rule) p.set('rule', h.rule);
  if (config.variant !== base.variant) p.set('variant', config.variant);
  if (config.backend !== base.backend) p.set('backend', config.backend);
  if (config.seed !== base.seed) p.set('seed', String(config.seed));
  if (config.evalSize !== base.evalSize) p.set('evalSize', String(config.evalSize));
  if (config.compare) p.set('compare', '1');
  if (config.heldOutClass !== null) p.set('holdout', String(config.heldOutClass));
  return `#${p.toString()}`;
}
