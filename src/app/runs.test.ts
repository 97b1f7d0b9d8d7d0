import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { runInfos } from '../workers/runs';
import { describeRuns } from './runs';

describe('run descriptions', () => {
  it('title each run by its λ, and tell apart two runs that share one', () => {
    const pair = describeRuns(runInfos(presetConfig('fast', { compare: true, hyper: { lambda: 1 } })));
    expect(pair.map((d) => [d.title, d.name, d.column, d.testId])).toEqual([
      ['Softmax only (λ = 0)', 'softmax only (λ = 0)', 'λ = 0', 'scatter-softmax'],
      ['Softmax + center loss (λ = 1)', 'softmax + center loss (λ = 1)', 'λ = 1', 'scatter'],
    ]);
    const same = describeRuns(runInfos(presetConfig('fast', { compare: true, hyper: { lambda: 0 } })));
    expect(same.map((d) => d.title)).toEqual(['Softmax only (λ = 0) · run 1', 'Softmax only (λ = 0) · run 2']);
    expect(new Set(same.map((d) => d.testId)).size).toBe(2);
  });

  it('one title for a run everywhere: the page shows the worker’s title, the one the CLI prints', () => {
    for (const config of [
      presetConfig('fast', { sweep: [0, 0.01, 1] }),
      presetConfig('fast', { runs: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }], hyper: { lambda: 0.1 } }),
    ]) {
      const infos = runInfos(config);
      expect(describeRuns(infos).map((d) => d.title)).toEqual(infos.map((r) => r.title));
    }
    expect(runInfos(presetConfig('fast', { sweep: [0, 0.01, 1] })).map((r) => r.title)).toEqual(['Softmax only (λ = 0)', 'Softmax + center loss (λ = 0.01)', 'Softmax + center loss (λ = 1)']);
  });

  it('title runs of different losses by what differs: the loss, and λ only where the loss reads one', () => {
    const three = describeRuns(runInfos(presetConfig('fast', { runs: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }], hyper: { lambda: 1 } })));
    expect(three.map((d) => [d.title, d.column, d.loss, d.testId])).toEqual([
      ['Softmax only', 'Softmax', 'softmax', 'scatter-softmax'],
      ['Softmax + center loss (λ = 1)', 'Center loss λ = 1', 'center', 'scatter-run1'],
      ['ArcFace s = 10, m = 0.5', 'ArcFace', 'arcface', 'scatter'],
    ]);
    // Softmax and ArcFace both train at λ 0: no column, legend or title of theirs names a λ.
    for (const d of [three[0]!, three[2]!]) expect(`${d.title} ${d.column}`).not.toContain('λ');
    // Two ArcFace runs that differ in m keep their own titles; the columns name the loss and the run.
    const arcs = describeRuns(runInfos(presetConfig('fast', { runs: [{ loss: 'arcface', arcM: 0.2 }, { loss: 'arcface', arcM: 0.5 }] })));
    expect(arcs.map((d) => d.title)).toEqual(['ArcFace s = 10, m = 0.2', 'ArcFace s = 10, m = 0.5']);
    expect(arcs.map((d) => d.column)).toEqual(['ArcFace s = 10, m = 0.2', 'ArcFace s = 10, m = 0.5']);
  });
});
