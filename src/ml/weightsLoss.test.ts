/** Version 3 of the weights file: it records the loss head and its parameters, and centers exactly where the head uses them. */
import { describe, expect, it } from 'vitest';
import { exportInput } from '../../test/exportInput';
import { MNIST } from './datasetSpec';
import { LOSS_KINDS, LOSSES } from './losses/registry';
import { modelSpec } from './lenetpp';
import { buildWeightsFile, parseWeightsFile, serializeWeights, WEIGHTS_VERSION } from './weights';

const spec = modelSpec('slim', true, { featDim: 3, numClasses: 10 });
const fileWith = (hyper: Partial<ReturnType<typeof exportInput>['hyper']>) => {
  const input = exportInput(spec, 3);
  return JSON.parse(serializeWeights(buildWeightsFile({ ...input, hyper: { ...input.hyper, ...hyper } }))) as Record<string, unknown> & { loss: { kind: string; params: Record<string, unknown> } };
};
const problem = (json: unknown) => {
  const r = parseWeightsFile(JSON.stringify(json), MNIST);
  return r.ok ? null : r.error;
};

describe('the weights file records its loss', () => {
  it('an ArcFace file: version 3, the loss with s, m and the ramp, no centers; it loads back as ArcFace', () => {
    const json = fileWith({ loss: 'arcface', arcS: 16, marginRampSteps: 200 });
    expect(json.version).toBe(WEIGHTS_VERSION);
    expect(WEIGHTS_VERSION).toBe(3);
    expect(json.loss).toEqual({ kind: 'arcface', params: { arcS: 16, arcM: 0.5, marginRampSteps: 200 } });
    expect('centers' in json).toBe(false);
    const r = parseWeightsFile(JSON.stringify(json), MNIST);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.centers).toBeNull();
    expect(r.value.file.hyper.loss).toBe('arcface');
  });

  it.each(LOSS_KINDS)('a %s file records the parameters its registry row declares, at their defaults where the run sets none, keeps centers only if the head uses them, and loads back as that head', (kind) => {
    const head = LOSSES[kind];
    const json = fileWith({ loss: kind });
    expect(json.loss.kind).toBe(kind);
    for (const [key, value] of Object.entries(head.defaults)) expect(json.loss.params[key], key).toBe(value);
    expect('centers' in json).toBe(head.usesCenters);
    const r = parseWeightsFile(JSON.stringify(json), MNIST);
    if (!r.ok) throw new Error(r.error);
    expect([r.value.file.hyper.loss, r.value.centers !== null]).toEqual([kind, head.usesCenters]);
  });

  it('a center-loss file keeps its centers and its λ, α and rule; softmax, SphereFace and CosFace keep none', () => {
    const center = fileWith({ loss: 'center', lambda: 0.1 });
    expect(center.loss).toEqual({ kind: 'center', params: { lambda: 0.1, alpha: 0.5, rule: 'reference' } });
    expect((center.centers as { shape: number[] }).shape).toEqual([10, 3]);
    expect(fileWith({ loss: 'softmax' }).loss).toEqual({ kind: 'softmax', params: {} });
    expect(fileWith({ loss: 'sphereface' }).loss).toEqual({ kind: 'sphereface', params: { sphereM: 4, sphereLambdaMin: 5 } });
    expect(fileWith({ loss: 'cosface', cosM: 0.35 }).loss).toEqual({ kind: 'cosface', params: { cosS: 10, cosM: 0.35, marginRampSteps: 200 } });
    for (const loss of ['softmax', 'sphereface', 'cosface'] as const) expect('centers' in fileWith({ loss }), loss).toBe(false);
  });

  it('refuses, in words, a file whose centers, loss parameters or hyper contradict its loss', () => {
    const center = fileWith({ loss: 'center' });
    const arc = fileWith({ loss: 'arcface' });
    expect(problem({ ...center, centers: undefined })).toBe('centers: is missing: Center loss trains against its centers');
    expect(problem({ ...arc, centers: center.centers })).toBe('centers: must be absent: ArcFace keeps no centers');
    expect(problem({ ...arc, loss: { kind: 'arcface', params: { arcM: 0.5 } } })).toBe('loss.params.arcS: is missing: ArcFace reads it');
    expect(problem({ ...arc, loss: { ...arc.loss, kind: 'cosface' } })).toMatch(/^hyper\.loss: must be the file's loss, cosface, got arcface/);
    expect(problem({ ...arc, loss: { ...arc.loss, kind: 'triplet' } })).toContain(`loss.kind must be one of ${LOSS_KINDS.join(', ')}`);
  });
});
