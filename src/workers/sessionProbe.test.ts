import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadPreparedMnist, loadShippedStart } from '../../test/mnistFiles';
import { presetConfig } from '../ml/config';
import type { WorkerToUi } from './protocol';
import { Session } from './session';

type Msg<T extends WorkerToUi['type']> = Extract<WorkerToUi, { type: T }>;

describe('a drawn digit through every run (probe)', () => {
  it('lands exactly where the same test digit lands in the embedding, in every run, with that step’s centers', async () => {
    const messages: WorkerToUi[] = [];
    let clock = 0;
    const session = new Session({
      post: (m) => messages.push(m),
      probe: async () => ({ webgpu: null, webgl: null, wasm: true }),
      loadData: () => loadPreparedMnist(),
      loadStart: () => loadShippedStart(),
      now: () => (clock += 1000),
    });
    const of = <T extends WorkerToUi['type']>(type: T) => messages.filter((m): m is Msg<T> => m.type === type);
    await session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config: presetConfig('fast', { variant: 'slim', evalSize: 50, compare: true, hyper: { batchSize: 8 } }) });
    await session.handle({ type: 'step', n: 3 });
    const ready = of('ready').at(-1)!;
    const before = tf.memory().numTensors;
    const k = 7;
    await session.handle({ type: 'probe', id: 42, pixels: ready.evalPixels.slice(k * 784, (k + 1) * 784) });
    expect(tf.memory().numTensors).toBe(before);
    const probed = of('probed').at(-1)!;
    expect(probed.id).toBe(42);
    expect(probed.results.map((r) => r.run)).toEqual(['run0', 'run1']);
    for (const r of probed.results) {
      const e = of('embedding').filter((m) => m.run === r.run).at(-1)!;
      expect(r.step).toBe(3);
      expect(e.step).toBe(3);
      expect(r.feature[0]).toBeCloseTo(e.features[2 * k]!, 4);
      expect(r.feature[1]).toBeCloseTo(e.features[2 * k + 1]!, 4);
      expect(Array.from(r.centers)).toEqual(Array.from(e.centers));
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      let top = 0;
      for (let c = 1; c < 10; c++) if (r.probabilities[c]! > r.probabilities[top]!) top = c;
      expect(top).toBe(e.predictions[k]);
    }
  }, 120_000);
});
