/** The quick lesson when its start is missing or cannot give what was asked: the worker builds what it can and says what it changed. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { loadPreparedMnist, loadShippedStart } from '../../test/mnistFiles';
import { adjustedMessage } from '../app/words';
import type { WorkerToUi } from './protocol';
import { Session } from './session';

function session(loadStart: () => ReturnType<typeof loadShippedStart>) {
  const messages: WorkerToUi[] = [];
  let clock = 0;
  const s = new Session({ post: (m) => messages.push(m), probe: async () => ({ webgpu: null, webgl: null, wasm: true }), loadData: () => loadPreparedMnist(), loadStart, now: () => (clock += 1000) });
  return { s, messages, of: <T extends WorkerToUi['type']>(t: T) => messages.filter((m): m is Extract<WorkerToUi, { type: T }> => m.type === t) };
}

describe('the quick lesson, adjusted', () => {
  it('without its start file it trains from a fresh network with the fast preset, and says so', async () => {
    const h = session(() => Promise.reject(new Error('starts/manifest.json: 404 Not Found')));
    await h.s.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: presetConfig('quick', { compare: true, evalSize: 50 }) });
    expect(h.of('error')).toEqual([]);
    const [adjusted] = h.of('adjusted');
    expect(adjusted!.change).toEqual({ kind: 'start-missing', detail: 'starts/manifest.json: 404 Not Found' });
    expect(adjustedMessage(adjusted!.change)).toBe("The quick lesson's trained start did not load (starts/manifest.json: 404 Not Found): training from a fresh network with the fast preset instead.");
    const ready = h.of('ready').at(-1)!;
    expect(ready.config).toMatchObject({ preset: 'fast', compare: true });
    expect(ready.runs).toHaveLength(2);
    await h.s.handle({ type: 'step', n: 1 });
    expect(h.of('progress').at(-1)!.report.step).toBe(1);
  });

  it('asked for 3-D features, it trains the 2-D start and says why', async () => {
    const h = session(loadShippedStart);
    await h.s.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: presetConfig('quick', { compare: true, evalSize: 50, featDim: 3 }) });
    expect(h.of('adjusted').map((m) => m.change)).toEqual([{ kind: 'start-feat-dim', asked: 3, got: 2 }]);
    expect(adjustedMessage({ kind: 'start-feat-dim', asked: 3, got: 2 })).toMatch(/this run is 2-D, not 3-D: choose the fast preset for 3-D features/);
    expect(h.of('ready').at(-1)!.config).toMatchObject({ preset: 'quick', featDim: 2 });
  });

  it('says it once per request for 3-D: a rebuild of the model it built (a reset with the settings it answered) says nothing again', async () => {
    const h = session(loadShippedStart);
    const asked = presetConfig('quick', { compare: true, evalSize: 50, featDim: 3 });
    await h.s.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: asked });
    const notices = () => h.of('adjusted').filter((m) => m.change.kind === 'start-feat-dim').length;
    expect(notices()).toBe(1);
    // The page's Reset and Quick lesson send back the settings the worker answered with: 2-D.
    await h.s.handle({ type: 'reset', config: h.of('ready').at(-1)!.config });
    await h.s.handle({ type: 'reset', config: h.of('ready').at(-1)!.config });
    expect(h.of('ready')).toHaveLength(3);
    expect(notices()).toBe(1);
    // Asking for 3-D again is a new request, and is told again why it is 2-D.
    await h.s.handle({ type: 'reset', config: asked });
    expect(notices()).toBe(2);
  });
});
