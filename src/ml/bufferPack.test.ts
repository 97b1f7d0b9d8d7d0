/** Packing a save's tensors into one ArrayBuffer: the same tree comes back, the buffer holds exactly the tensors' bytes, and nothing in it is a Blob. */
import { describe, expect, it } from 'vitest';
import { fakeSave } from '../../test/fakeSave';
import { isPacked, pack, unpack } from './bufferPack';
import { presetConfig } from './config';
import { validateSavedSession } from './savedSession';

/** What WebKit's IndexedDB refuses: a Blob anywhere in the record. */
function blobsIn(x: unknown): number {
  if (x instanceof Blob) return 1;
  if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer || typeof x !== 'object' || x === null) return 0;
  return Object.values(x).reduce((n: number, v) => n + blobsIn(v), 0);
}

describe('bufferPack', () => {
  const save = fakeSave(presetConfig('fast', { variant: 'slim', compare: true }), 3);
  save.runs[1]!.centers[7] = -2.5;
  const bytes = save.runs.reduce((n, r) => n + [...Object.values(r.params), ...Object.values(r.optimizer.buffers.momentum_buffer!), r.centers].reduce((m, a) => m + a.byteLength, 0), 0);

  it('round-trips a saved session, its tensors in one ArrayBuffer and the rest a small tree', async () => {
    const packed = pack(save);
    expect(packed.buffer.byteLength).toBe(bytes);
    expect(JSON.stringify(packed.value).length).toBeLessThan(10_000);
    const back = await unpack(packed);
    expect(back).toEqual(save);
    expect(validateSavedSession(back).ok).toBe(true);
  });

  it('holds no Blob, so every engine can store it; a structured clone (IndexedDB, postMessage) comes back bit for bit', async () => {
    const packed = pack(save);
    expect(blobsIn(packed)).toBe(0);
    expect(await unpack(structuredClone(packed))).toEqual(save);
  });

  it('still opens a save of before, packed in a Blob', async () => {
    const { buffer, value } = pack(save);
    const legacy = { blob: new Blob([buffer]), value };
    expect(isPacked(legacy)).toBe(true);
    expect(await unpack(legacy)).toEqual(save);
  });

  it('returns what is not packed as it is, for the check to refuse', async () => {
    expect(await unpack({ version: 1 })).toEqual({ version: 1 });
    await expect(unpack({ buffer: new ArrayBuffer(4), value: { a: { f32: [0, 9] } } })).rejects.toThrow(RangeError);
  });
});
