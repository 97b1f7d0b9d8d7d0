/** Packing a save's tensors into one Blob: the same tree comes back, and the Blob holds exactly the tensors' bytes. */
import { describe, expect, it } from 'vitest';
import { fakeSave } from '../../test/fakeSave';
import { pack, unpack } from './blobPack';
import { presetConfig } from './config';
import { validateSavedSession } from './savedSession';

describe('blobPack', () => {
  it('round-trips a saved session, its tensors in one Blob and the rest a small tree', async () => {
    const save = fakeSave(presetConfig('fast', { variant: 'slim', compare: true }), 3);
    save.runs[1]!.centers[7] = -2.5;
    const packed = pack(save);
    const bytes = save.runs.reduce((n, r) => n + [...Object.values(r.params), ...Object.values(r.velocity), r.centers].reduce((m, a) => m + a.byteLength, 0), 0);
    expect(packed.blob.size).toBe(bytes);
    expect(JSON.stringify(packed.value).length).toBeLessThan(10_000);
    const back = await unpack(packed);
    expect(back).toEqual(save);
    expect(validateSavedSession(back).ok).toBe(true);
  });

  it('returns what is not packed as it is, for the check to refuse', async () => {
    expect(await unpack({ version: 1 })).toEqual({ version: 1 });
    await expect(unpack({ blob: new Blob([new Uint8Array(4)]), value: { a: { f32: [0, 9] } } })).rejects.toThrow(RangeError);
  });
});
