import { describe, expect, it } from 'vitest';
import { lambdaAt, learningRateAt, presetConfig, startsFromSoftmax, validateHyperPatch, validateRunConfig } from './config';

describe('presets and schedules', () => {
  it('reference is exactly the reference implementation’s defaults', () => {
    const c = presetConfig('reference');
    expect(c.hyper).toMatchObject({ lr: 0.001, momentum: 0.9, weightDecay: 5e-4, lambda: 1, alpha: 0.5, batchSize: 128, clip: 0, rule: 'reference' });
    expect(learningRateAt(c.hyper, 0, 469)).toBe(0.001);
    expect(learningRateAt(c.hyper, 20 * 469 - 1, 469)).toBe(0.001);
    expect(learningRateAt(c.hyper, 20 * 469, 469)).toBe(0.0005);
  });

  it('caffe: lr 0.01, λ 0.01, α 0.5, no fc2 bias', () => {
    const c = presetConfig('caffe');
    expect(c.hyper).toMatchObject({ lr: 0.01, lambda: 0.01, alpha: 0.5 });
    expect(c.fc2Bias).toBe(false);
  });

  it('fast: warm-up to 0.2, cosine to 0.005 at the end of epoch 1, then constant', () => {
    const h = presetConfig('fast').hyper;
    expect(learningRateAt(h, 0, 469)).toBeCloseTo(0.2 / 50, 12);
    expect(learningRateAt(h, 49, 469)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(h, 50, 469)).toBeCloseTo(0.2, 12);
    expect(learningRateAt(h, 259.5, 469)).toBeCloseTo((0.2 + 0.005) / 2, 6);
    expect(learningRateAt(h, 469, 469)).toBeCloseTo(0.005, 12);
    expect(learningRateAt(h, 5000, 469)).toBeCloseTo(0.005, 12);
  });
});

describe('validation', () => {
  it('names the first out-of-range hyper-parameter', () => {
    expect(validateHyperPatch({ lambda: -1 })).toEqual({ ok: false, error: 'lambda: λ must be between 0 and 10' });
    expect(validateHyperPatch({ batchSize: 3.5 })).toEqual({ ok: false, error: 'batchSize: batch size must be a whole number' });
    expect(validateHyperPatch({ lr: Number.NaN }).ok).toBe(false);
    expect(validateHyperPatch({ rule: 'magic' }).ok).toBe(false);
    expect(validateHyperPatch({ bogus: 1 }).ok).toBe(false);
    expect(validateHyperPatch({ alpha: 0.25, rule: 'paper' })).toEqual({ ok: true, value: { alpha: 0.25, rule: 'paper' } });
  });

  it('accepts every preset and refuses a broken config', () => {
    for (const p of ['fast', 'reference', 'caffe'] as const) expect(validateRunConfig(presetConfig(p)).ok).toBe(true);
    expect(validateRunConfig({ ...presetConfig('fast'), seed: -1 }).ok).toBe(false);
  });
});

describe('the quick lesson’s λ ramp', () => {
  it('rises linearly from λ/W at step 0 to λ at step W−1, and stays; without a ramp λ is λ from the first step', () => {
    const h = { lambda: 0.05, lambdaWarmupSteps: 30 };
    expect(lambdaAt(h, 0)).toBeCloseTo(0.05 / 30, 12);
    expect(lambdaAt(h, 14)).toBeCloseTo(0.025, 12);
    expect(lambdaAt(h, 29)).toBe(0.05);
    expect(lambdaAt(h, 500)).toBe(0.05);
    expect(lambdaAt({ lambda: 1 }, 0)).toBe(1);
    expect(presetConfig('quick').hyper).toMatchObject({ lambda: 0.05, lambdaWarmupSteps: 30, batchSize: 32 });
    expect(startsFromSoftmax(presetConfig('quick'))).toBe(true);
    expect(startsFromSoftmax(presetConfig('fast'))).toBe(false);
  });
});
