import { describe, expect, it } from 'vitest';
import { describeRuns } from './runs';

describe('run descriptions', () => {
  it('title each run by its λ, and tell apart two runs that share one', () => {
    const pair = describeRuns([
      { id: 'run0', loss: 'center', overrides: {}, lambda: 0, followsLambda: false, title: '' },
      { id: 'run1', loss: 'center', overrides: {}, lambda: 1, followsLambda: true, title: '' },
    ]);
    expect(pair.map((d) => [d.title, d.column, d.testId])).toEqual([
      ['Softmax only (λ = 0)', 'λ = 0', 'scatter-softmax'],
      ['Softmax + center loss (λ = 1)', 'λ = 1', 'scatter'],
    ]);
    const same = describeRuns([
      { id: 'run0', loss: 'center', overrides: {}, lambda: 0, followsLambda: false, title: '' },
      { id: 'run1', loss: 'center', overrides: {}, lambda: 0, followsLambda: true, title: '' },
    ]);
    expect(same.map((d) => d.title)).toEqual(['Softmax only (λ = 0) · run 1', 'Softmax only (λ = 0) · run 2']);
    expect(new Set(same.map((d) => d.testId)).size).toBe(2);
  });
});
