import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { LOSSES } from '../ml/losses/registry';
import { lossesOf, untrainableIn2D, withLossDefaults, withLossRuns } from './lossDefaults';

// A registry in which ArcFace cannot train with a 2-D feature: the rule is tested whichever losses the real registry marks.
const heads = { ...LOSSES, arcface: { ...LOSSES.arcface, trainsIn2D: false } };

describe('a loss that cannot train in 2-D', () => {
  it('moves a 2-D config to 3-D, whether the loss is the shared one or one run’s', () => {
    const shared = presetConfig('fast', { hyper: { loss: 'arcface' } });
    expect(untrainableIn2D(shared, heads)).toEqual(['ArcFace']);
    expect(withLossDefaults(shared, heads).featDim).toBe(3);
    const runs = { ...presetConfig('fast'), runs: [{ loss: 'softmax' as const }, { loss: 'arcface' as const }] };
    expect(lossesOf(runs)).toEqual(['softmax', 'arcface']);
    expect(withLossDefaults(runs, heads).featDim).toBe(3);
  });

  it('leaves a config alone where every loss trains in 2-D, or it is 3-D already', () => {
    const center = presetConfig('fast', { compare: true });
    expect(withLossDefaults(center, heads)).toBe(center);
    const three = presetConfig('fast', { featDim: 3, hyper: { loss: 'arcface' } });
    expect(withLossDefaults(three, heads)).toBe(three);
  });

  it('the loss picker puts the ticked losses side by side in the registry’s order, dropping compare and the sweep', () => {
    const c = withLossRuns(presetConfig('fast', { compare: true, sweep: [0, 1] }), ['arcface', 'softmax', 'center']);
    expect(c.runs).toEqual([{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }]);
    expect(c.compare).toBe(false);
    expect(c.sweep).toBeNull();
    expect(withLossRuns(c, []).runs).toBeNull();
  });
});
