/** Runs that differ by their loss: softmax, center loss and ArcFace side by side from one start on the same batches, exported and loaded back. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../ml/config';
import { MNIST } from '../ml/datasetSpec';
import { parseWeightsFile } from '../ml/weights';
import { harness } from '../../test/sessionHarness';

const config = presetConfig('fast', { variant: 'slim', featDim: 3, evalSize: 50, runs: [{ loss: 'softmax' }, { loss: 'center' }, { loss: 'arcface' }], hyper: { batchSize: 8 } });

describe('runs=softmax,center,arcface in the worker', () => {
  it('trains three runs from one start, reports each by its loss, exports one file per run named by it, and loads one back', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
    expect(h.last('ready')!.runs.map((r) => [r.id, r.loss, r.title])).toEqual([
      ['run0', 'softmax', 'Softmax only'],
      ['run1', 'center', 'Softmax + center loss (λ = 1)'],
      ['run2', 'arcface', 'ArcFace s = 10, m = 0.5'],
    ]);
    // One start: at step 0 the three files hold the same network.
    await h.session.handle({ type: 'exportWeights', id: 1 });
    const start = h.last('exported')!.files.map((f) => JSON.parse(f.json) as { tensors: unknown });
    expect(start[1]!.tensors).toEqual(start[0]!.tensors);
    expect(start[2]!.tensors).toEqual(start[0]!.tensors);

    await h.session.handle({ type: 'step', n: 3 });
    const reports = h.of('progress').filter((m) => m.report.step === 3);
    expect(reports.map((m) => [m.run, m.report.lambda])).toEqual([['run0', 0], ['run1', 1], ['run2', 0]]);
    // Same batches, different losses: the three networks have moved apart.
    await h.session.handle({ type: 'exportWeights', id: 2 });
    const files = h.last('exported')!.files;
    expect(files.map((f) => f.fileName)).toEqual(['center-loss-lab-slim-softmax-step3.json', 'center-loss-lab-slim-center-step3.json', 'center-loss-lab-slim-arcface-step3.json']);
    const parsed = files.map((f) => {
      const r = parseWeightsFile(f.json, MNIST);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    });
    expect(parsed.map((p) => [p.file.loss.kind, p.centers !== null])).toEqual([['softmax', false], ['center', true], ['arcface', false]]);
    const fc1 = parsed.map((p) => p.file.tensors['fc1.weight']!.data);
    expect(fc1[0]).not.toEqual(fc1[1]);
    expect(fc1[2]).not.toEqual(fc1[0]);

    await h.session.handle({ type: 'importWeights', id: 3, json: files[2]!.json });
    expect(h.last('imported')).toMatchObject({ id: 3, step: 3 });
    expect(h.last('ready')!.runs.map((r) => [r.loss, r.title])).toEqual([['arcface', 'ArcFace s = 10, m = 0.5']]);
    await h.session.handle({ type: 'exportWeights', id: 4 });
    expect(h.last('exported')!.files[0]!.json).toBe(files[2]!.json);
  });
});
