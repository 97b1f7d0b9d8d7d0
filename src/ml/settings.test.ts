import { describe, expect, it } from 'vitest';
import { presetConfig, RANGES, validateRunConfig } from './config';
import { LOSS_PARAMS, type OwnLossParamKey } from './losses/registry';
import { optionsOf, settingByName, SETTINGS, sliderPosition, sliderValue, withPreset, type SliderScale } from './settings';

describe('the settings table', () => {
  it('declares each setting once, with a unique URL key and CLI flag', () => {
    const urls = SETTINGS.map((s) => s.url);
    const flags = SETTINGS.flatMap((s) => (s.cli ? [s.cli] : []));
    expect(new Set(urls).size).toBe(urls.length);
    expect(new Set(flags).size).toBe(flags.length);
    for (const s of SETTINGS) expect(s.help.length, s.name).toBeGreaterThan(5);
  });

  it('parses with the schema’s own ranges and messages, and formats back to the same text', () => {
    const lambda = settingByName('lambda');
    expect(lambda.parse('0.5')).toEqual({ ok: true, value: 0.5 });
    expect(lambda.parse(String(RANGES.lambda.max + 1))).toEqual({ ok: false, error: 'λ must be between 0 and 10' });
    expect(settingByName('lr').parse('0.00001').ok).toBe(true);
    expect(settingByName('batchSize').parse('2.5')).toEqual({ ok: false, error: 'batch size must be a whole number' });
    expect(settingByName('heldOutClass').parse('none')).toEqual({ ok: true, value: null });
    expect(settingByName('sweep').parse('0,0.01,0.1,1')).toEqual({ ok: true, value: [0, 0.01, 0.1, 1] });
    expect(settingByName('sweep').parse('0,1,2,3,4,5,6').ok).toBe(false);
    const c = presetConfig('fast', { heldOutClass: 3, sweep: [0, 1], seed: 12 });
    for (const s of SETTINGS) {
      const text = s.format(s.get(c));
      const back = s.parse(text);
      expect(back.ok, `${s.name}=${text}`).toBe(true);
      if (back.ok) expect(validateRunConfig(s.set(c, back.value))).toEqual({ ok: true, value: c });
    }
  });

  it('makes a setting of every loss parameter a registry row declares: its URL key, CLI flag, range check and default, with the keys older links use', () => {
    for (const [name, p] of Object.entries(LOSS_PARAMS)) {
      const s = settingByName(name as OwnLossParamKey);
      expect([s.url, s.cli, s.label, s.group]).toEqual([p.url, p.cli, p.label, 'hyper']);
      expect(s.get(presetConfig('fast'))).toBe(p.absent);
      expect(s.parse(String(p.max + 1))).toEqual({ ok: false, error: `${p.name} must be between ${p.min} and ${p.max}` });
    }
    expect(['sphereM', 'sphereLambdaMin', 'cosS', 'cosM', 'arcS', 'arcM', 'marginRampSteps'].map((n) => [settingByName(n as OwnLossParamKey).url, settingByName(n as OwnLossParamKey).cli])).toEqual([
      ['sphereM', 'sphere-m'],
      ['sphereLambdaMin', 'sphere-lambda-min'],
      ['cosS', 'cos-s'],
      ['cosM', 'cos-m'],
      ['arcS', 'arc-s'],
      ['arcM', 'arc-m'],
      ['marginRamp', 'margin-ramp'],
    ]);
    expect(settingByName('sphereM').parse('2.5')).toEqual({ ok: false, error: 'SphereFace m must be a whole number' });
  });

  it('maps slider positions to values and back; log0 keeps position 0 for exactly 0', () => {
    const log0: SliderScale = { kind: 'log0', min: 1e-4, max: 10 };
    expect(sliderValue(log0, 0)).toBe(0);
    expect(sliderValue(log0, 1)).toBe(1e-4);
    expect(sliderValue(log0, 100)).toBe(10);
    expect(sliderPosition(log0, 0)).toBe(0);
    expect(sliderPosition(log0, 1)).toBe(80);
    const log: SliderScale = { kind: 'log', min: 1e-5, max: 1 };
    expect(sliderValue(log, 0)).toBe(1e-5);
    expect(sliderValue(log, 100)).toBe(1);
    for (const p of [0, 17, 50, 99]) expect(sliderPosition(log, sliderValue(log, p))).toBe(p);
    const lin: SliderScale = { kind: 'linear', min: 0, max: 1, step: 0.01 };
    expect(sliderValue(lin, 37)).toBe(0.37);
    expect(sliderPosition(lin, 0.37)).toBe(37);
  });

  it('a new preset takes its hyper-parameters and keeps every setting that is not one', () => {
    const c = presetConfig('fast', { seed: 7, variant: 'full', heldOutClass: 3, sweep: [0, 1], hyper: { lambda: 0.3 } });
    const r = withPreset(c, 'caffe');
    expect(r.hyper).toEqual(presetConfig('caffe').hyper);
    expect([r.preset, r.seed, r.variant, r.heldOutClass, r.sweep]).toEqual(['caffe', 7, 'full', 3, [0, 1]]);
  });
});

describe('hyper-parameters and live settings, options known at run time', () => {
  const aug = ['augRotate', 'augShift', 'augScale'] as const;

  it('tells a hyper-parameter (a preset replaces it) from the run’s setup (a preset keeps it), apart from whether it applies live', () => {
    for (const name of ['lambda', 'alpha', 'lr', 'batchSize', 'rule', ...aug] as const) expect(settingByName(name).group, name).toBe('hyper');
    for (const name of ['variant', 'backend', 'seed', 'evalSize', 'heldOutClass', 'compare', 'sweep'] as const) expect([settingByName(name).group, settingByName(name).live], name).toEqual(['run', false]);
    // Augmentation applies at the next step, like λ; a new preset turns it off with the rest of the hyper-parameters.
    for (const name of aug) expect(settingByName(name).live, name).toBe(true);
    const c = presetConfig('fast', { seed: 5, hyper: { augRotate: 10, augShift: 2, augScale: 0.1 } });
    const r = withPreset(c, 'reference');
    expect(r.hyper).toEqual(presetConfig('reference').hyper);
    expect(r.seed).toBe(5);
  });

  it('reads an absent augmentation field as 0, and stores 0 as absent, so today’s settings stay as they are', () => {
    const c = presetConfig('fast');
    const rotate = settingByName('augRotate');
    expect(rotate.get(c)).toBe(0);
    const on = rotate.set(c, 12);
    expect(on.hyper.augRotate).toBe(12);
    expect(rotate.get(on)).toBe(12);
    const off = rotate.set(on, 0);
    expect(off).toEqual(c);
    expect('augRotate' in off.hyper).toBe(false);
    expect(settingByName('augShift').parse('9')).toEqual({ ok: false, error: 'shift must be between 0 and 8' });
    expect(settingByName('augScale').parse('0.25')).toEqual({ ok: true, value: 0.25 });
  });

  it('makes the hold-out choices from the dataset of the run, and checks a value against it', () => {
    const holdout = settingByName('heldOutClass');
    if (holdout.control.kind !== 'select') throw new Error('the hold-out control is a select');
    expect(optionsOf(holdout.control).map((o) => o.text)).toEqual(['none', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const three = { dataset: { classNames: ['cat', 'dog', 'bird'] } };
    expect(optionsOf(holdout.control, three)).toEqual([
      { text: 'none', label: 'none' },
      { text: '0', label: '0: cat' },
      { text: '1', label: '1: dog' },
      { text: '2', label: '2: bird' },
    ]);
    expect(holdout.parse('2', three)).toEqual({ ok: true, value: 2 });
    expect(holdout.parse('5', three)).toEqual({ ok: false, error: 'expected a class 0-2 or none' });
    expect(holdout.parse('5')).toEqual({ ok: true, value: 5 });
    // A fixed list reads the same with or without a context.
    const batch = settingByName('batchSize');
    expect(batch.control.kind === 'select' && optionsOf(batch.control, three).map((o) => o.text)).toEqual(['8', '16', '32', '64', '128', '256']);
  });
});
