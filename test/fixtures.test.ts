/** Files written by older code still open with their values: a slim and a full weights file and an autosave record (test/fixtures). */
import { describe, expect, it } from 'vitest';
import { autosaveFixture, fixtureText } from './fixtureFiles';
import { openRecord } from '../src/app/autosave/record';
import { VARIANT_WIDTHS } from '../src/ml/architecture';
import { buildWeightsFile, parseWeightsFile, type WeightsFile } from '../src/ml/weights';

describe('version-1 weights files', () => {
  for (const variant of ['slim', 'full'] as const) {
    it(`a ${variant} file loads with its spec read back and every tensor as written`, () => {
      const text = fixtureText(`weights-${variant}-v1.json.gz`);
      const raw = JSON.parse(text) as WeightsFile;
      expect(raw.version).toBe(1);
      const parsed = parseWeightsFile(text);
      if (!parsed.ok) throw new Error(parsed.error);
      const { spec, params, centers, file } = parsed.value;
      expect(spec).toEqual({ variant, widths: VARIANT_WIDTHS[variant], featDim: 2, numClasses: 10, fc2Bias: true });
      expect(file.training).toEqual(raw.training);
      expect(Array.from(centers)).toEqual(raw.centers.data);
      // Written again from what was read, in PyTorch layout: the very numbers of the file.
      const again = buildWeightsFile({ spec, params, centers, hyper: file.hyper, training: file.training, metrics: null, probe: { testIndices: raw.probe.testIndices, features: Float32Array.from(raw.probe.features.data), logits: Float32Array.from(raw.probe.logits.data) } });
      expect(Object.keys(again.tensors)).toEqual(Object.keys(raw.tensors));
      for (const [name, t] of Object.entries(raw.tensors)) {
        expect(again.tensors[name]!.shape, name).toEqual(t.shape);
        expect(again.tensors[name]!.data, name).toEqual(t.data);
      }
    });
  }
});

describe('a version-1 autosave record', () => {
  it('opens with the step, the settings and every run\u2019s tensors it was saved with', async () => {
    const { record, buffer, value } = autosaveFixture('autosave-v1.json.gz');
    const opened = await openRecord(record);
    if (!opened.ok) throw new Error(opened.error);
    const { session } = opened.value;
    expect(session.step).toBe(3);
    expect(session.config.compare).toBe(true);
    expect(session.runs).toHaveLength(2);
    // The stored slices, read straight from the buffer.
    type Slice = { f32: [number, number] };
    const stored = value as { runs: Array<{ params: Record<string, Slice>; centers: Slice }> };
    const read = (s: Slice) => Array.from(new Float32Array(buffer, s.f32[0], s.f32[1]));
    stored.runs.forEach((run, k) => {
      expect(Array.from(session.runs[k]!.centers)).toEqual(read(run.centers));
      for (const [name, slice] of Object.entries(run.params)) expect(Array.from(session.runs[k]!.params[name]!), name).toEqual(read(slice));
    });
    expect(session.runs[0]!.params['conv1_1.weight']).not.toEqual(session.runs[1]!.params['conv1_1.weight']);
  });
});
