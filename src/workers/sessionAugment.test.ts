/** Augmentation keeps the session's guarantees: an exact resume, the replay after a lost device, and the strip's digits. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { harness } from '../../test/sessionHarness';
import { pack, unpack } from '../ml/bufferPack';
import { presetConfig, type RunConfig } from '../ml/config';
import type { SavedSession } from '../ml/savedSession';

const AUG = { augRotate: 15, augShift: 2, augScale: 0.1 };
const tiny = presetConfig('fast', { variant: 'slim', evalSize: 50, compare: true, hyper: { batchSize: 8, ...AUG } });
/** The fallback after wasm is the (slow) cpu backend: smaller still. */
const small = presetConfig('fast', { variant: 'slim', evalSize: 10, compare: true, hyper: { batchSize: 2 } });

type H = ReturnType<typeof harness>;

async function started(config: RunConfig, watch = false): Promise<H> {
  const h = harness(watch, { frozenClock: true });
  await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
  return h;
}

async function saveOf(h: H, id: number): Promise<SavedSession> {
  await h.session.handle({ type: 'checkpoint', id });
  return (await unpack(h.last('checkpoint')!.save)) as SavedSession;
}

/** Every run's parameters, optimizer buffers and centers, keyed "run/part/name". */
function tensorsOf(save: SavedSession): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  save.runs.forEach((r, k) => {
    for (const [n, v] of Object.entries(r.params)) out.set(`${k}/p/${n}`, v);
    for (const [b, byName] of Object.entries(r.optimizer.buffers)) for (const [n, v] of Object.entries(byName)) out.set(`${k}/${b}/${n}`, v);
    out.set(`${k}/centers`, r.centers);
  });
  return out;
}

/** The tensors whose bits differ between two saves (all of them when the layouts differ): none for an exact match. */
function differing(a: SavedSession, b: SavedSession): string[] {
  const [ta, tb] = [tensorsOf(a), tensorsOf(b)];
  const names = [...new Set([...ta.keys(), ...tb.keys()])];
  return names.filter((k) => !ta.has(k) || !tb.has(k) || !Buffer.from(ta.get(k)!.buffer).equals(Buffer.from(tb.get(k)!.buffer)));
}

describe('augmented training in the session', () => {
  it('resumes a save bit for bit: the resumed run sees the augmented batches the uninterrupted one saw', async () => {
    const whole = await started(tiny);
    await whole.session.handle({ type: 'step', n: 5 });
    const uninterrupted = await saveOf(whole, 1);

    const first = await started(tiny);
    await first.session.handle({ type: 'step', n: 3 });
    const saved = await saveOf(first, 2);
    expect(saved.config.hyper).toMatchObject(AUG);

    const second = await started(presetConfig('fast'));
    await second.session.handle({ type: 'resume', id: 3, save: pack(structuredClone(saved)) });
    expect(second.last('ready')!.config.hyper).toMatchObject(AUG);
    await second.session.handle({ type: 'step', n: 2 });
    const resumed = await saveOf(second, 4);
    expect(resumed.step).toBe(5);
    expect(differing(resumed, uninterrupted)).toEqual([]);
    // Without augmentation the same steps give other weights: the comparison above can fail.
    const plain = await started({ ...tiny, hyper: presetConfig('fast', { hyper: { batchSize: 8 } }).hyper });
    await plain.session.handle({ type: 'step', n: 5 });
    expect(differing(await saveOf(plain, 5), uninterrupted)).toContain('1/p/fc1.weight');
  });

  it('after a lost device, replays the steps with augmentation switched on where it was, to the weights of an uninterrupted run', async () => {
    const script = async (h: H) => {
      await h.session.handle({ type: 'step', n: 2 });
      await h.session.handle({ type: 'setHyper', id: 1, patch: AUG });
      await h.session.handle({ type: 'step', n: 2 });
    };
    const lost = await started(small, true);
    await script(lost);
    lost.loseDevice('simulated loss');
    await lost.session.handle({ type: 'pause' });
    expect(lost.last('fallback')).toMatchObject({ from: 'wasm', to: 'cpu', resumedStep: 4, replayed: 4 });
    expect(lost.last('ready')!.config.hyper).toMatchObject(AUG);
    const after = await saveOf(lost, 2);

    const reference = await started({ ...small, backend: 'cpu' });
    await script(reference);
    expect(differing(after, await saveOf(reference, 3))).toEqual([]);
  });

  it('sends the strip the first digits of the last batch while augmentation is on, and nothing while it is off', async () => {
    const h = await started({ ...small, hyper: { ...small.hyper, batchSize: 16 } });
    await h.session.handle({ type: 'step', n: 1 });
    expect(h.of('augmented')).toHaveLength(0);
    await h.session.handle({ type: 'setHyper', id: 1, patch: { augRotate: 30 } });
    await h.session.handle({ type: 'step', n: 2 });
    const m = h.last('augmented')!;
    expect(m.step).toBe(2);
    expect(m.labels).toHaveLength(8);
    expect(m.images).toHaveLength(8 * 784);
    // Normalised pixels: the background is (0 − mean) / std, about −0.42.
    expect(Math.min(...m.images)).toBeCloseTo(-0.4242, 3);
  });
});
