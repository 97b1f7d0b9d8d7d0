/** `npm run train`'s flags come from the settings table: every table setting with a flag reaches the config, bad values name the flag. */
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_RECIPES, presetConfig } from '../src/ml/config';
import { SETTINGS } from '../src/ml/settings';
import { parseCli, USAGE, UsageError } from '../scripts/cliArgs';

describe('the train CLI', () => {
  it('offers every flag of the settings table, with its help', () => {
    for (const s of SETTINGS) if (s.cli) expect(USAGE, s.name).toContain(`--${s.cli} `);
    expect(USAGE).toContain(SETTINGS.find((s) => s.name === 'lambda')!.help);
  });

  it('carries every flagged setting from its text into the config, the same as the URL does', () => {
    const target = presetConfig('reference', { variant: 'full', backend: 'cpu', seed: 4, evalSize: 2000, heldOutClass: 7, sweep: [0, 0.1, 1], hyper: { lambda: 0.2, alpha: 0.3, lr: 0.04, batchSize: 32, rule: 'paper', augRotate: 10, augShift: 1.5, augScale: 0.1 } });
    // A checkbox is a bare flag (--quick), given only to turn it on.
    const argv = SETTINGS.flatMap((s) => (!s.cli ? [] : s.control.kind === 'checkbox' ? (s.get(target) ? [`--${s.cli}`] : []) : [`--${s.cli}=${s.format(s.get(target))}`]));
    const opts = parseCli(argv);
    if (opts === 'help') throw new Error('unexpected help');
    expect(opts.config).toEqual(target);
    expect(opts.backend).toBe('cpu');
    expect(opts.evalSize).toBe(2000);
  });

  it('--quick is the quick lesson: its preset in compare mode, later flags changing it', () => {
    const opts = parseCli(['--quick', '--seed', '3', '--lambda', '0.1']);
    if (opts === 'help') throw new Error('unexpected help');
    expect(opts.config).toMatchObject({ preset: 'quick', compare: true, seed: 3, hyper: { lambda: 0.1, batchSize: 32, lambdaWarmupSteps: 30 } });
  });

  it('--optimizer brings Adam\u2019s or AdamW\u2019s recipe, later flags changing it; sgd keeps the preset\u2019s', () => {
    const adamw = parseCli(['--optimizer', 'adamw']);
    if (adamw === 'help') throw new Error('unexpected help');
    expect(adamw.config.hyper).toMatchObject({ ...OPTIMIZER_RECIPES.adamw, optimizer: 'adamw', lambda: 1, batchSize: 128 });
    const adam = parseCli(['--lr', '0.01', '--optimizer', 'adam']);
    if (adam === 'help') throw new Error('unexpected help');
    expect(adam.config.hyper).toMatchObject({ optimizer: 'adam', lr: 0.01, weightDecay: OPTIMIZER_RECIPES.adam.weightDecay });
    const sgd = parseCli(['--optimizer', 'sgd']);
    if (sgd === 'help') throw new Error('unexpected help');
    expect(sgd.config.hyper).toEqual(presetConfig('fast').hyper);
    expect(() => parseCli(['--optimizer', 'rmsprop'])).toThrow(new UsageError('--optimizer: expected one of sgd, adam, adamw, got "rmsprop"'));
  });

  it('defaults to the slim model on wasm, and names the flag of a bad value', () => {
    const opts = parseCli(['--steps', '10']);
    if (opts === 'help') throw new Error('unexpected help');
    expect([opts.config.variant, opts.backend, opts.steps, opts.evalSize]).toEqual(['slim', 'wasm', 10, 1000]);
    expect(() => parseCli(['--lambda=-1'])).toThrow(new UsageError('--lambda: λ must be between 0 and 10, got "-1"'));
    expect(() => parseCli(['--backend', 'webgpu'])).toThrow(/--backend must be one of wasm, cpu in Node/);
    expect(() => parseCli(['--sweep', '1,1'])).toThrow(/--sweep: the λ values of a sweep must differ/);
    expect(() => parseCli(['--colour', 'red'])).toThrow(UsageError);
    expect(parseCli(['--help'])).toBe('help');
  });
});
