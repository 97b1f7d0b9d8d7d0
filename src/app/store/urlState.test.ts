import { describe, expect, it } from 'vitest';
import { presetConfig, type RunConfig } from '../../ml/config';
import { settingByName, SETTINGS } from '../../ml/settings';
import { LOSS_PARAMS, LOSSES } from '../../ml/losses/registry';
import { runInfos } from '../../workers/runs';
import { parseHash, toHash } from './urlState';

describe('the URL hash', () => {
  it('round-trips a configuration', () => {
    const config = presetConfig('caffe', { seed: 9, variant: 'slim', backend: 'wasm', evalSize: 500, compare: true, heldOutClass: 9, hyper: { lambda: 0, alpha: 0.25, lr: 0.02, batchSize: 64, rule: 'paper' } });
    const hash = toHash(config);
    expect(hash).toContain('preset=caffe');
    expect(parseHash(hash)).toEqual({ config, present: false, notices: [] });
    expect(parseHash(toHash(config, { present: true }))).toEqual({ config, present: true, notices: [] });
  });

  it('carries every setting of the table through URL → config → URL', () => {
    // Every loss parameter a registry row declares, away from its default (the ones named here at values of their own).
    const lossParams = Object.fromEntries(Object.entries(LOSS_PARAMS).map(([k, p]) => [k, p.absent === p.max ? p.min : p.max]));
    const base = presetConfig('reference', { seed: 3, variant: 'full', backend: 'webgl', evalSize: 2000, featDim: 3, compare: true, heldOutClass: 0, sweep: [0, 0.01, 0.1, 1], runs: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }], hyper: { lambda: 0.3, alpha: 0.1, batchSize: 32, rule: 'paper', augRotate: 10, augShift: 1.5, augScale: 0.1, loss: 'arcface', ...lossParams, sphereM: 3, sphereLambdaMin: 10, cosS: 20, cosM: 0.3, arcS: 16, arcM: 0.4, marginRampSteps: 100 } });
    // The optimizer brings its recipe (what the link cannot say: the schedule, the weight decay); a later key changes its lr.
    const withAdamW = settingByName('optimizer').set(base, 'adamw') as RunConfig;
    const changed: RunConfig = { ...withAdamW, hyper: { ...withAdamW.hyper, lr: 0.05 } };
    const hash = toHash(changed);
    // The quick lesson is a preset's shortcut: its link says preset=quick.
    for (const s of SETTINGS) if (s.name !== 'quick') expect(hash, s.name).toContain(`${s.url}=`);
    expect(hash).toContain('sweep=0,0.01,0.1,1');
    expect(parseHash(hash).config).toEqual(changed);
    expect(toHash(parseHash(hash).config)).toBe(hash);
  });

  it('quick=1 is the quick lesson: its preset in compare mode, later keys changing it; the link it writes reads back the same', () => {
    const { config } = parseHash('#quick=1&lambda=0.1&seed=2');
    expect(config).toMatchObject({ preset: 'quick', compare: true, seed: 2, hyper: { lambda: 0.1, batchSize: 32 } });
    expect(toHash(config)).toBe('#preset=quick&lambda=0.1&seed=2&compare=1');
    expect(parseHash(toHash(config)).config).toEqual(config);
  });

  it('ignores invalid values with one notice each, keeping the rest', () => {
    const { config, notices } = parseHash('#lambda=-1&alpha=0.3&batch=0&rule=magic&seed=x&colour=red&present=yes&sweep=1,1');
    expect(config.hyper.lambda).toBe(1);
    expect(config.hyper.alpha).toBe(0.3);
    expect(config.hyper.batchSize).toBe(128);
    expect(config.sweep).toBeNull();
    expect(notices).toHaveLength(7);
    expect(notices[0]).toMatch(/Ignored lambda=-1 from the link: λ must be between 0 and 10/);
    expect(notices.join(' ')).toMatch(/Ignored sweep=1,1 from the link: the λ values of a sweep must differ/);
    expect(notices.join(' ')).toMatch(/Ignored colour=red from the link: unknown setting/);
  });

  it('drops a held-out digit from a quick-lesson link, saying why: its start was trained on every digit', () => {
    const { config, notices } = parseHash('#quick=1&holdout=9');
    expect(config).toMatchObject({ preset: 'quick', heldOutClass: null });
    expect(notices).toEqual([expect.stringMatching(/^Ignored holdout=9 from the link: the quick lesson starts from a network already trained on all ten digits/)]);
    // From scratch the hold-out stays.
    expect(parseHash('#holdout=9')).toMatchObject({ config: { heldOutClass: 9 }, notices: [] });
  });

  it('old links keep working: no loss is center loss, compare is a softmax twin beside it, a sweep is one run per λ', () => {
    const compare = parseHash('#compare=1&lambda=0.1');
    expect(compare.notices).toEqual([]);
    expect(compare.config).toMatchObject({ compare: true, sweep: null, runs: null, hyper: { loss: 'center', lambda: 0.1 } });
    expect(runInfos(compare.config).map((r) => [r.loss, r.lambda, r.followsLambda])).toEqual([
      ['center', 0, false],
      ['center', 0.1, true],
    ]);
    const sweep = parseHash('#sweep=0,0.01,0.1,1&seed=2');
    expect(sweep.notices).toEqual([]);
    expect(runInfos(sweep.config).map((r) => [r.loss, r.lambda, r.followsLambda])).toEqual([
      ['center', 0, false],
      ['center', 0.01, false],
      ['center', 0.1, false],
      ['center', 1, false],
    ]);
    // What an old link wrote, it still writes: no loss and no runs key appear.
    expect(toHash(sweep.config)).toBe('#preset=fast&seed=2&sweep=0,0.01,0.1,1');
    expect(toHash(compare.config)).toBe('#preset=fast&lambda=0.1&compare=1');
  });

  it('runs=softmax,center,arcface trains one run per loss, each titled by what differs, and writes the same link back', () => {
    const { config, notices } = parseHash('#runs=softmax,center,arcface&evalSize=300');
    expect(notices).toEqual([]);
    expect(config.runs).toEqual([{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }]);
    const runs = runInfos(config);
    expect(runs.map((r) => r.loss)).toEqual(['softmax', 'center', 'arcface']);
    expect(new Set(runs.map((r) => r.title)).size).toBe(3);
    expect(runs[2]!.title).toMatch(/^ArcFace s = \d+(\.\d+)?, m = /);
    expect(parseHash(toHash(config)).config).toEqual(config);
    expect(toHash(config)).toContain('runs=softmax,center,arcface');
    expect(parseHash('#runs=softmax,magic').notices.join(' ')).toMatch(/Ignored runs=softmax,magic from the link: "magic" is not a loss/);
  });

  it('a loss that trains in 2-D keeps the 2-D default', () => {
    for (const h of Object.values(LOSSES).filter((x) => x.trainsIn2D)) expect(parseHash(`#loss=${h.kind}`).config.featDim, h.kind).toBe(2);
  });
});
