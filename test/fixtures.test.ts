/** Files written by older code still open with their values: a slim and a full weights file and an autosave record (test/fixtures). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { autosaveFixture, fixtureText } from './fixtureFiles';
import { loadPreparedMnist } from './mnistFiles';
import { parseHash } from '../src/app/store/urlState';
import { gatherImages } from '../src/ml/mnist';
import { Trainer } from '../src/ml/trainer';
import { runInfos } from '../src/workers/runs';
import { openRecord } from '../src/app/autosave/record';
import { VARIANT_WIDTHS } from '../src/ml/architecture';
import { MNIST } from '../src/ml/datasetSpec';
import { buildWeightsFile, parseWeightsFile, type WeightsFile } from '../src/ml/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('version-1 weights files', () => {
  for (const variant of ['slim', 'full'] as const) {
    it(`a ${variant} file loads with its spec read back and every tensor as written`, () => {
      const text = fixtureText(`weights-${variant}-v1.json.gz`);
      const raw = JSON.parse(text) as WeightsFile;
      expect(raw.version).toBe(1);
      const parsed = parseWeightsFile(text, MNIST);
      if (!parsed.ok) throw new Error(parsed.error);
      const { spec, params, centers, file } = parsed.value;
      expect(spec).toEqual({ variant, widths: VARIANT_WIDTHS[variant], featDim: 2, numClasses: 10, fc2Bias: true });
      // Older files name no dataset and no optimizer: they were trained on MNIST with SGD.
      expect(file.dataset).toEqual({ id: 'mnist', name: 'MNIST', classNames: [...MNIST.classNames] });
      expect(file.hyper.optimizer).toBe('sgd');
      expect(file.version).toBe(3);
      expect(file.loss).toEqual({ kind: 'center', params: { lambda: raw.hyper.lambda, alpha: raw.hyper.alpha, rule: raw.hyper.rule } });
      expect(file.training).toEqual(raw.training);
      expect(Array.from(centers!)).toEqual(raw.centers!.data);
      // Written again from what was read, in PyTorch layout: the very numbers of the file.
      const again = buildWeightsFile({ spec, dataset: file.dataset, params, centers: centers!, hyper: file.hyper, training: file.training, metrics: null, probe: { testIndices: raw.probe.testIndices, features: Float32Array.from(raw.probe.features.data), logits: Float32Array.from(raw.probe.logits.data) } });
      expect(Object.keys(again.tensors)).toEqual(Object.keys(raw.tensors));
      for (const [name, t] of Object.entries(raw.tensors)) {
        expect(again.tensors[name]!.shape, name).toEqual(t.shape);
        expect(again.tensors[name]!.data, name).toEqual(t.data);
      }
    });
  }
});

describe('a file of another dataset', () => {
  const FASHION = { ...MNIST, id: 'fashion-mnist', name: 'Fashion-MNIST', classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] };

  it('a version-1 file (MNIST) is refused on Fashion-MNIST, with a message naming both', () => {
    const r = parseWeightsFile(fixtureText('weights-slim-v1.json.gz'), FASHION);
    expect(r).toMatchObject({ ok: false, problem: 'invalid' });
    expect(!r.ok && r.error).toBe('it was trained on MNIST (mnist), but the loaded dataset is Fashion-MNIST (fashion-mnist): load MNIST first, or train a new model on Fashion-MNIST');
  });

  it('a file that records Fashion-MNIST loads on it and is refused on MNIST', () => {
    const file = JSON.parse(fixtureText('weights-slim-v1.json.gz')) as Record<string, unknown>;
    const text = JSON.stringify({ ...file, version: 2, dataset: { id: FASHION.id, name: FASHION.name, classNames: FASHION.classNames } });
    const there = parseWeightsFile(text, FASHION);
    expect(there.ok && there.value.file.dataset.classNames).toEqual(FASHION.classNames);
    const here = parseWeightsFile(text, MNIST);
    expect(!here.ok && here.error).toMatch(/^it was trained on Fashion-MNIST \(fashion-mnist\), but the loaded dataset is MNIST \(mnist\)/);
  });
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
    const stored = value as { runs: Array<{ params: Record<string, Slice>; velocity: Record<string, Slice>; centers: Slice }> };
    const read = (s: Slice) => Array.from(new Float32Array(buffer, s.f32[0], s.f32[1]));
    stored.runs.forEach((run, k) => {
      const r = session.runs[k]!;
      expect(Array.from(r.centers)).toEqual(read(run.centers));
      for (const [name, slice] of Object.entries(run.params)) expect(Array.from(r.params[name]!), name).toEqual(read(slice));
      // Version 1 kept SGD's momentum as "velocity": it is now the optimizer's momentum_buffer, at the saved step.
      expect(r.optimizer.kind).toBe('sgd');
      expect(r.optimizer.step).toBe(3);
      for (const [name, slice] of Object.entries(run.velocity)) expect(Array.from(r.optimizer.buffers.momentum_buffer![name]!), name).toEqual(read(slice));
    });
    expect(session.model).toEqual({ variant: 'slim', widths: VARIANT_WIDTHS.slim, featDim: 2, numClasses: 10, fc2Bias: true });
    expect(session.dataset).toEqual({ id: 'mnist', name: 'MNIST', classNames: [...MNIST.classNames] });
    expect(session.config.hyper.optimizer).toBe('sgd');
    expect(session.runs[0]!.params['conv1_1.weight']).not.toEqual(session.runs[1]!.params['conv1_1.weight']);
  });
});

describe('a version-2 weights file (test/fixtures/weights-slim-v2.json.gz, written by the code before the loss section)', () => {
  it('loads as center loss with its λ, α and rule, its centers, and its weights reproduce the probe it recorded', async () => {
    const text = fixtureText('weights-slim-v2.json.gz');
    const raw = JSON.parse(text) as Omit<WeightsFile, 'version' | 'hyper'> & { version: number; hyper: Record<string, unknown> };
    expect(raw.version).toBe(2);
    expect([Object.keys(raw).includes('loss'), Object.keys(raw.hyper).includes('loss')]).toEqual([false, false]);
    const parsed = parseWeightsFile(text, MNIST);
    if (!parsed.ok) throw new Error(parsed.error);
    const { file, spec, params, centers } = parsed.value;
    expect(file.version).toBe(3);
    expect(file.hyper.loss).toBe('center');
    expect(file.loss).toEqual({ kind: 'center', params: { lambda: 1, alpha: 0.5, rule: 'reference' } });
    expect(Array.from(centers!)).toEqual(raw.centers!.data);
    const test = (await loadPreparedMnist()).test;
    const before = tf.memory().numTensors;
    const trainer = new Trainer({ spec, hyper: file.hyper, seed: file.training.seed, train: test, heldOutClass: null, values: params, centers: centers! });
    const probe = await trainer.embed(gatherImages(test, file.probe.testIndices), file.probe.testIndices.length);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const worst = (a: Float32Array, e: number[]) => Math.max(...e.map((v, i) => Math.abs(a[i]! - v)));
    expect(worst(probe.features, file.probe.features.data)).toBeLessThan(1e-5);
    expect(worst(probe.logits, file.probe.logits.data)).toBeLessThan(1e-5);
  });
});

describe('an old link', () => {
  it('#compare=1&lambda=0.1 still trains a λ = 0 twin beside center loss at λ = 0.1', () => {
    const { config, notices } = parseHash('#compare=1&lambda=0.1&seed=2');
    expect(notices).toEqual([]);
    expect(config.runs).toBeNull();
    expect(runInfos(config).map((r) => [r.loss, r.lambda, r.followsLambda])).toEqual([
      ['center', 0, false],
      ['center', 0.1, true],
    ]);
  });
});
