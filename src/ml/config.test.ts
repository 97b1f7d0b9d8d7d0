import { describe, expect, it } from 'vitest';
import { checkHeldOutClass, fitScheduleTo, lambdaAt, learningRateAt, presetConfig, startsFromSoftmax, validateHyperPatch, validateRunConfig } from './config';
import { MNIST } from './datasetSpec';

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
    expect(presetConfig('quick').hyper).toMatchObject({ lambda: 0.12, lambdaWarmupSteps: 30, batchSize: 32, lr: 0.03, frozenStages: 2 });
    expect(startsFromSoftmax(presetConfig('quick'))).toBe(true);
    expect(startsFromSoftmax(presetConfig('fast'))).toBe(false);
  });
});

describe('the settings on a dataset other than MNIST', () => {
  it('the fast preset decays over one epoch of the dataset loaded: 469 steps on 60,000 images, MNIST unchanged', () => {
    const c = presetConfig('fast');
    expect(fitScheduleTo(c, 60000)).toBe(c);
    expect(fitScheduleTo(c, 120000).hyper.schedule).toMatchObject({ kind: 'warmupCosine', decaySteps: 938, warmupSteps: 50 });
    // Never shorter than the warm-up; and a schedule fitted to one set is fitted back to another.
    const small = fitScheduleTo(c, 2000);
    expect(small.hyper.schedule).toMatchObject({ decaySteps: 51 });
    expect(fitScheduleTo(fitScheduleTo(c, 120000), 60000, 120000).hyper.schedule).toEqual(c.hyper.schedule);
    // A schedule the user set is left alone.
    const own = presetConfig('fast', { hyper: { schedule: { kind: 'warmupCosine', warmupSteps: 50, decaySteps: 300, floor: 0.1 } } });
    expect(fitScheduleTo(own, 120000)).toBe(own);
    expect(fitScheduleTo(presetConfig('reference'), 120000)).toEqual(presetConfig('reference'));
  });

  it('a held-out class may be any of 62, and must exist in the dataset loaded', () => {
    expect(validateRunConfig(presetConfig('fast', { heldOutClass: 61 })).ok).toBe(true);
    expect(validateRunConfig(presetConfig('fast', { heldOutClass: 62 })).ok).toBe(false);
    expect(checkHeldOutClass({ heldOutClass: 9 }, MNIST).ok).toBe(true);
    expect(checkHeldOutClass({ heldOutClass: 10 }, MNIST)).toEqual({ ok: false, error: 'heldOutClass: class 10 does not exist in MNIST, which has 10 classes (0–9)' });
    // The quick lesson's start saw every digit: none can be called never trained.
    expect(checkHeldOutClass(presetConfig('quick', { heldOutClass: 9 }), MNIST)).toEqual({ ok: false, error: expect.stringContaining('already trained on all ten digits') });
    expect(checkHeldOutClass(presetConfig('quick'), MNIST).ok).toBe(true);
    expect(checkHeldOutClass(presetConfig('fast', { heldOutClass: 9 }), MNIST).ok).toBe(true);
  });
});
