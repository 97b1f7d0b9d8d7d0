/** The worker builds the feature dimension it is asked for, and a start that brings its own (a 3-D file, the 2-D shipped network) tells the page so. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { harness } from './sessionHarness';
import { pack, unpack } from '../src/ml/bufferPack';
import { presetConfig } from '../src/ml/config';
import { validateSavedSession, type SavedSession } from '../src/ml/savedSession';

const tiny = (featDim: 2 | 3) => presetConfig('fast', { variant: 'slim', evalSize: 50, featDim, hyper: { batchSize: 8 } });

describe('the feature dimension in the worker', () => {
  it('a 3-D run trains and reports 3 values per digit, per live point and per center; its file loads back as 3-D into a 2-D page', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny(3) });
    await h.session.handle({ type: 'step', n: 2 });
    expect(h.last('ready')!.config.featDim).toBe(3);
    const e = h.last('embedding')!;
    expect([e.features.length, e.centers.length]).toEqual([150, 30]);
    const live = h.last('trainFeatures')!;
    expect(live.features.length).toBe(3 * live.labels.length);
    await h.session.handle({ type: 'exportWeights', id: 1 });
    const file = h.last('exported')!.files[0]!;
    expect(JSON.parse(file.json).model.featDim).toBe(3);

    await h.session.handle({ type: 'reset', config: tiny(2) });
    expect(h.last('ready')!.config.featDim).toBe(2);
    expect(h.last('embedding')!.features.length).toBe(100);
    await h.session.handle({ type: 'importWeights', id: 2, json: file.json });
    expect(h.last('imported')).toMatchObject({ id: 2, step: 2 });
    expect(h.last('ready')!.config.featDim).toBe(3);
    expect(h.last('embedding')!.features.length).toBe(150);
    await h.session.handle({ type: 'exportWeights', id: 3 });
    expect(h.last('exported')!.files[0]!.json).toBe(file.json);
  });

  it('the quick lesson starts from the shipped 2-D network even when 3-D was asked for, and says it is 2-D', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: presetConfig('quick', { variant: 'slim', evalSize: 50, compare: true, featDim: 3 }) });
    expect(h.last('ready')!.config.featDim).toBe(2);
    expect(h.last('embedding')!.features.length).toBe(100);
  });

  it('a 3-D autosave resumes as 3-D, at its step, with the same embedding', async () => {
    const first = harness();
    await first.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny(3) });
    await first.session.handle({ type: 'step', n: 3 });
    await first.session.handle({ type: 'checkpoint', id: 7 });
    const save = (await unpack(first.last('checkpoint')!.save)) as SavedSession;
    expect(save.config.featDim).toBe(3);
    expect(validateSavedSession(save).ok).toBe(true);
    const embedded = first.last('embedding')!;

    const second = harness();
    await second.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: tiny(2) });
    await second.session.handle({ type: 'resume', id: 8, save: pack(structuredClone(save)) });
    expect(second.last('ready')).toMatchObject({ step: 3, config: { featDim: 3 } });
    expect(Array.from(second.last('embedding')!.features)).toEqual(Array.from(embedded.features));
  });
});
