import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../ml/config';
import { describeRuns } from '../runs';
import { initialState } from './appStore';
import { reduce, resetRequested } from './reduce';

describe('a run’s title follows the λ control with the run', () => {
  it('after the λ slider moves, the center-loss run is titled with its new λ; the λ = 0 twin and ArcFace keep theirs', () => {
    const config = presetConfig('fast', { runs: [{ loss: 'center', lambda: 0 }, { loss: 'center' }, { loss: 'arcface' }], hyper: { lambda: 1 } });
    const s = { ...resetRequested(initialState(config), config), awaitingReady: false };
    expect(describeRuns(s.runs).map((d) => d.title)).toEqual(['Softmax only (λ = 0)', 'Softmax + center loss (λ = 1)', 'ArcFace s = 10, m = 0.5']);
    const moved = reduce(s, { type: 'hyperApplied', id: 1, step: 5, hyper: { ...config.hyper, lambda: 0.1 } }, 0);
    expect(describeRuns(moved.runs).map((d) => d.title)).toEqual(['Softmax only (λ = 0)', 'Softmax + center loss (λ = 0.1)', 'ArcFace s = 10, m = 0.5']);
  });
});
