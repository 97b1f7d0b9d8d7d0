import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/ml/dataset';
import { dataPrecacheTransform } from './offline';

const sha = (s: string) => createHash('sha256').update(s).digest();
const file = (name: string, gz: string, raw: string): Manifest['files'][number] => ({
  name,
  path: `${name}.gz`,
  encoding: 'gzip',
  size: gz.length,
  sha256: sha(gz).toString('hex'),
  rawSize: raw.length,
  rawSha256: sha(raw).toString('hex'),
});
const data: Manifest = { format: 'center-loss-lab/mnist-manifest', version: 1, source: 'test', files: [file('a', 'A.gz', 'A'), file('b', 'B.gz', 'B')] };

describe('the precache of one deployment', () => {
  it('revisions the data by the manifest SHA-256, with integrity for both forms a server may send; leaves built assets alone', async () => {
    const entries = [
      { url: 'index.html', revision: 'md5', size: 1 },
      { url: 'assets/main-abc.js', revision: null, size: 1 },
      { url: 'mnist/a.gz', revision: 'md5a', size: 1 },
      { url: 'mnist/b.gz', revision: 'md5b', size: 1 },
    ];
    const { manifest } = await dataPrecacheTransform(data)(entries);
    expect(manifest.slice(0, 2)).toEqual(entries.slice(0, 2));
    expect(manifest[2]).toEqual({ url: 'mnist/a.gz', size: 1, revision: data.files[0]!.sha256, integrity: `sha256-${sha('A.gz').toString('base64')} sha256-${sha('A').toString('base64')}` });
    expect(manifest[3]!.revision).toBe(data.files[1]!.sha256);
  });

  it('fails the build when a data file would not be precached', () => {
    expect(() => dataPrecacheTransform(data)([{ url: 'mnist/a.gz', revision: 'x', size: 1 }])).toThrow(/lacks the data files mnist\/b\.gz/);
  });
});
