import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { LOSS_KINDS } from '../ml/losses/registry';
import { settingByName } from '../ml/settings';
import { runTag } from './runFiles';
import { hyperFor, runInfos } from './runs';

describe('runs are the shared settings plus their overrides', () => {
  it('runs=softmax,center,arcface: three runs, one loss each, titled by what differs; λ follows the control where it weighs a loss (center loss alone)', () => {
    const parsed = settingByName('runs').parse('softmax,center,arcface');
    expect(parsed).toEqual({ ok: true, value: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }] });
    const config = presetConfig('fast', { runs: (parsed.ok ? parsed.value : null) as never, hyper: { lambda: 0.1, arcS: 16 } });
    const infos = runInfos(config);
    expect(infos.map((r) => [r.id, r.loss, r.title, r.followsLambda])).toEqual([
      ['run0', 'softmax', 'Softmax only', false],
      ['run1', 'center', 'Softmax + center loss (λ = 0.1)', true],
      ['run2', 'arcface', 'ArcFace s = 16, m = 0.5', false],
    ]);
    const moved = { ...config.hyper, lambda: 0.5 };
    expect(infos.map((r) => [hyperFor(r, moved).loss, hyperFor(r, moved).lambda])).toEqual([['softmax', 0], ['center', 0.5], ['arcface', 0]]);
    expect(infos.map((r) => r.lambda)).toEqual([0, 0.1, 0]);
  });

  it('names a loss it does not know in plain words', () => {
    expect(settingByName('runs').parse('softmax,arcfase')).toEqual({ ok: false, error: `"arcfase" is not a loss: expected ${LOSS_KINDS.join(', ')}` });
  });

  it('old links: compare is a λ = 0 twin under center loss, and a sweep fixes every λ', () => {
    const compare = runInfos(presetConfig('fast', { compare: true, hyper: { lambda: 1 } }));
    expect(compare.map((r) => [r.loss, r.lambda, r.followsLambda, r.title])).toEqual([
      ['center', 0, false, 'Softmax only (λ = 0)'],
      ['center', 1, true, 'Softmax + center loss (λ = 1)'],
    ]);
    expect(hyperFor(compare[0]!, { ...presetConfig('fast').hyper, lambda: 3 }).lambda).toBe(0);
    const sweep = runInfos(presetConfig('fast', { sweep: [0, 0.1, 1] }));
    expect(sweep.map((r) => [r.lambda, r.followsLambda])).toEqual([[0, false], [0.1, false], [1, false]]);
    const arc = runInfos(presetConfig('fast', { compare: true, hyper: { loss: 'arcface' } }));
    expect(arc.map((r) => r.loss)).toEqual(['softmax', 'arcface']);
  });
});

describe('file names say what differs', () => {
  const tags = (c: Parameters<typeof runInfos>[0]) => {
    const infos = runInfos(c);
    return infos.map((_, k) => runTag(infos, k));
  };
  it('by loss for runs=, by λ for a sweep, by run where two would share one, none for one run', () => {
    expect(tags(presetConfig('fast', { runs: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }] }))).toEqual(['-softmax', '-center', '-arcface']);
    expect(tags(presetConfig('fast', { sweep: [0, 0.1, 1] }))).toEqual(['-lambda0', '-lambda0.1', '-lambda1']);
    expect(tags(presetConfig('fast', { compare: true, hyper: { lambda: 0 } }))).toEqual(['-run0-lambda0', '-run1-lambda0']);
    expect(tags(presetConfig('fast', { runs: [{ loss: 'center', lambda: 0 }, { loss: 'center' }, { loss: 'cosface' }] }))).toEqual(['-center-lambda0', '-center-lambda1', '-cosface']);
    expect(tags(presetConfig('fast'))).toEqual(['']);
  });
});
