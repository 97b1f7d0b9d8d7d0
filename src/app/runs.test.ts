import { describe, expect, it } from 'vitest';
import { describeRuns } from './runs';

describe('run descriptions', () => {
  it('title each run by its λ, and tell apart two runs that share one', () => {
    const pair = describeRuns([
      { id: 'run0', lambda: 0, loss: 'center', title: 'Softmax only (λ = 0)' },
      { id: 'run1', lambda: 1, loss: 'center', title: 'Center loss λ = 1' },
    ]);
    expect(pair.map((d) => [d.title, d.column, d.testId])).toEqual([
      ['Softmax only (λ = 0)', 'λ = 0', 'scatter-softmax'],
      ['Softmax + center loss (λ = 1)', 'λ = 1', 'scatter'],
    ]);
    const same = describeRuns([
      { id: 'run0', lambda: 0, loss: 'center', title: 'Softmax only (λ = 0)' },
      { id: 'run1', lambda: 0, loss: 'center', title: 'Softmax only (λ = 0)' },
    ]);
    expect(same.map((d) => d.title)).toEqual(['Softmax only (λ = 0) · run 1', 'Softmax only (λ = 0) · run 2']);
    expect(new Set(same.map((d) => d.testId)).size).toBe(2);
  });

  it('title runs of different losses by what differs: the loss, and its λ or its s and m', () => {
    const three = describeRuns([
      { id: 'run0', lambda: 1, loss: 'softmax', title: 'Softmax' },
      { id: 'run1', lambda: 1, loss: 'center', title: 'Center loss λ = 1' },
      { id: 'run2', lambda: 1, loss: 'arcface', title: 'ArcFace s = 10, m = 0.5' },
    ]);
    expect(three.map((d) => [d.title, d.column, d.loss, d.testId])).toEqual([
      ['Softmax only', 'Softmax', 'softmax', 'scatter-softmax'],
      ['Softmax + center loss (λ = 1)', 'Center loss λ = 1', 'center', 'scatter-run1'],
      ['ArcFace s = 10, m = 0.5', 'ArcFace', 'arcface', 'scatter'],
    ]);
    // Two ArcFace runs that differ in m keep their own titles; the columns name the loss and the run.
    const arcs = describeRuns([
      { id: 'run0', lambda: 1, loss: 'arcface', title: 'ArcFace s = 10, m = 0.2' },
      { id: 'run1', lambda: 1, loss: 'arcface', title: 'ArcFace s = 10, m = 0.5' },
    ]);
    expect(arcs.map((d) => d.title)).toEqual(['ArcFace s = 10, m = 0.2', 'ArcFace s = 10, m = 0.5']);
    expect(arcs.map((d) => d.column)).toEqual(['ArcFace s = 10, m = 0.2', 'ArcFace s = 10, m = 0.5']);
  });
});
