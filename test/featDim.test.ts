/** The feature dimension as a setting: one declaration gives the URL key, the CLI flag and the check; older configs read as 2-D. */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../scripts/cliArgs';
import { parseHash, toHash } from '../src/app/store/urlState';
import { DEFAULT_CONFIG, validateRunConfig } from '../src/ml/config';
import { settingByName } from '../src/ml/settings';

describe('the feature dimension setting', () => {
  const s = settingByName('featDim');

  it('is 2 by default, rebuilds the run when changed, and takes 2 or 3 with a plain message otherwise', () => {
    expect(DEFAULT_CONFIG.featDim).toBe(2);
    expect(s.live).toBe(false);
    expect(s.parse('3')).toEqual({ ok: true, value: 3 });
    expect(s.parse('4')).toEqual({ ok: false, error: expect.stringMatching(/feature dimension must be 2 or 3/) });
    expect(s.parse('')).toMatchObject({ ok: false });
  });

  it('travels in the URL as featDim and on the command line as --feat-dim', () => {
    const three = s.set(DEFAULT_CONFIG, 3) as typeof DEFAULT_CONFIG;
    expect(toHash(three)).toContain('featDim=3');
    expect(parseHash('#featDim=3').config.featDim).toBe(3);
    const cli = parseCli(['--feat-dim', '3']);
    expect(cli !== 'help' && cli.config.featDim).toBe(3);
  });

  it('a configuration saved before the setting existed (an autosave) reads as 2-D', () => {
    const { featDim: _, ...old } = DEFAULT_CONFIG;
    expect(validateRunConfig(old)).toMatchObject({ ok: true, value: { featDim: 2 } });
  });
});
