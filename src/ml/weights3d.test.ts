/** A 3-D model's weights file: the feature dimension is written, read back and checked against the tensors, in PyTorch's shapes. */
import { describe, expect, it } from 'vitest';
import { exportInput } from '../../test/exportInput';
import { MNIST } from './datasetSpec';
import { modelSpec } from './lenetpp';
import { buildWeightsFile, parseWeightsFile, PROBE_COUNT, serializeWeights } from './weights';


describe('a 3-D weights file', () => {
  const text = serializeWeights(buildWeightsFile(exportInput(modelSpec('slim', true, { featDim: 3, numClasses: 10 }), 7)));

  it('says featDim 3 beside a [3, 576] fc1.weight, [10, 3] fc2.weight and [10, 3] centers, and loads back as a 3-D model', () => {
    const json = JSON.parse(text);
    expect(json.model.featDim).toBe(3);
    expect(json.tensors['fc1.weight'].shape).toEqual([3, 576]);
    expect(json.tensors['fc2.weight'].shape).toEqual([10, 3]);
    expect(json.centers.shape).toEqual([10, 3]);
    expect(json.probe.features.shape).toEqual([PROBE_COUNT, 3]);
    const parsed = parseWeightsFile(text, MNIST);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.spec.featDim).toBe(3);
    expect(parsed.value.centers).toHaveLength(30);
    expect(parsed.value.params.get('fc1.weight')).toHaveLength(576 * 3);
  });

  it('is refused, naming the tensor, when its feature dimension does not match its tensors', () => {
    const json = JSON.parse(text);
    json.model.featDim = 2;
    const r = parseWeightsFile(JSON.stringify(json), MNIST);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/fc1\.weight.*must be \[2, 576\], got \[3, 576\]/) });
    json.model.featDim = 4;
    const four = parseWeightsFile(JSON.stringify(json), MNIST);
    expect(four.ok).toBe(false);
  });
});
