import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../ml/config';
import { parseHash, toHash } from './urlState';

describe('the URL hash', () => {
  it('round-trips a configuration', () => {
    const config = presetConfig('caffe', { seed: 9, variant: 'slim', backend: 'wasm', evalSize: 500, compare: true, heldOutClass: 9, hyper: { lambda: 0, alpha: 0.25, lr: 0.02, batchSize: 64, rule: 'paper' } });
    const hash = toHash(config);
    expect(hash).toContain('preset=caffe');
    expect(parseHash(hash)).toEqual({ config, notices: [] });
  });

  it('ignores invalid values with one notice each, keeping the rest', () => {
    const { config, notices } = parseHash('#lambda=-1&alpha=0.3&batch=0&rule=magic&seed=x&colour=red');
    expect(config.hyper.lambda).toBe(1);
    expect(config.hyper.alpha).toBe(0.3);
    expect(config.hyper.batchSize).toBe(128);
    expect(notices).toHaveLength(5);
    expect(notices[0]).toMatch(/Ignored lambda=-1 from the link: λ must be between 0 and 10/);
    expect(notices.join(' ')).toMatch(/Ignored colour=red from the link: unknown setting/);
  });
});
