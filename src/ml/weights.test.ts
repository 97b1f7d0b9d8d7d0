/**
 * The weights file: PyTorch layouts (OIHW convs, [out, in] linears, C×H×W flatten into fc1), a
 * byte-identical export → import → export round trip, and rejection of malformed files with a
 * message that names the first problem.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPreparedMnist } from '../../test/mnistFiles';
import { presetConfig } from './config';
import { MNIST } from './datasetSpec';
import { evaluateTrainer, exportTrainer, makeEvalSet } from './headless';
import { fc1FromTorch, fc1ToTorch, hwioToOihw, oihwToHwio, transpose2d } from './layout';
import { createParams, flatSize, forward, modelSpec, paramInfos } from './lenetpp';
import { balancedSubset, gatherImages, type MnistSplit } from './mnist';
import { createRng } from './rng';
import { Trainer } from './trainer';
import { exportInput, METRICS, randomArray } from '../../test/exportInput';
import { buildWeightsFile, parseWeightsFile, PROBE_COUNT, serializeWeights, type ExportInput, type WeightsFile } from './weights';

let test: MnistSplit;
beforeAll(async () => {
  await tf.setBackend('cpu');
  test = (await loadPreparedMnist()).test;
});


/** What buildWeightsFile needs, rebuilt from a parsed file alone. */
function inputFromParsed(text: string, dataset: typeof MNIST = MNIST): ExportInput {
  const parsed = parseWeightsFile(text, dataset);
  if (!parsed.ok) throw new Error(parsed.error);
  const { file, spec, params, centers } = parsed.value;
  const m = file.metrics;
  if (m && (m.step === undefined || !m.evalIndices)) throw new Error('metrics without step or evalIndices (an older file)');
  const metrics = m && { ...m, intraOverInterMin: m.intraOverInterMin ?? Infinity, withinOverBetween: m.withinOverBetween ?? Infinity, heldOut: m.heldOut ?? null, knownCount: m.knownCount ?? m.count, elongation: m.elongation ?? 1, step: m.step!, evalIndices: m.evalIndices! };
  return {
    spec,
    dataset: file.dataset,
    params,
    centers: centers!,
    hyper: file.hyper,
    training: file.training,
    metrics,
    probe: { testIndices: file.probe.testIndices, features: Float32Array.from(file.probe.features.data), logits: Float32Array.from(file.probe.logits.data) },
  };
}


/** A tensor's values, read the way the app reads them (await data()), then released. */
async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('layout conversions (layout.ts)', () => {
  const rng = createRng(11);

  it('are exact inverses', () => {
    const hwio = [5, 5, 3, 4];
    const w = randomArray(5 * 5 * 3 * 4, rng);
    const oihw = hwioToOihw(w, hwio);
    expect(oihw).not.toEqual(w);
    expect(oihwToHwio(oihw, [4, 3, 5, 5])).toEqual(w);

    const lin = randomArray(6 * 7, rng);
    expect(transpose2d(transpose2d(lin, 6, 7), 7, 6)).toEqual(lin);

    const fc1 = randomArray(3 * 3 * 8 * 2, rng);
    const torch = fc1ToTorch(fc1, 3, 8, 2);
    expect(torch).not.toEqual(fc1);
    expect(fc1FromTorch(torch, 3, 8, 2)).toEqual(fc1);
    // And the other way round: torch → tfjs → torch.
    expect(fc1ToTorch(fc1FromTorch(fc1, 3, 8, 2), 3, 8, 2)).toEqual(fc1);
  });

  it('put each conv weight at [out, in, kh, kw]', () => {
    const [kh, kw, ci, co] = [5, 5, 3, 4];
    const w = new Float32Array(kh * kw * ci * co);
    // A distinct value per position, tagged with its own HWIO coordinates.
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) w[((y * kw + x) * ci + i) * co + o] = 1000 * y + 100 * x + 10 * i + o;
    const oihw = hwioToOihw(w, [kh, kw, ci, co]);
    for (let o = 0; o < co; o++)
      for (let i = 0; i < ci; i++) for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) expect(oihw[((o * ci + i) * kh + y) * kw + x]).toBe(1000 * y + 100 * x + 10 * i + o);
  });
});

/** PyTorch's conv2d (NCHW input, OIHW weight, stride 1, 'same' padding) as plain loops. */
function convNchw(input: Float32Array, c: number, side: number, w: ArrayLike<number>, bias: ArrayLike<number>, outC: number, k: number): Float32Array {
  const pad = (k - 1) / 2;
  const out = new Float32Array(outC * side * side);
  for (let o = 0; o < outC; o++)
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        let s = bias[o]!;
        for (let i = 0; i < c; i++)
          for (let ky = 0; ky < k; ky++) {
            const yy = y + ky - pad;
            if (yy < 0 || yy >= side) continue;
            for (let kx = 0; kx < k; kx++) {
              const xx = x + kx - pad;
              if (xx < 0 || xx >= side) continue;
              s += w[((o * c + i) * k + ky) * k + kx]! * input[(i * side + yy) * side + xx]!;
            }
          }
        out[(o * side + y) * side + x] = s;
      }
  return out;
}

const prelu = (v: Float32Array, a: number) => v.map((x) => (x >= 0 ? x : a * x));

function maxPoolNchw(input: Float32Array, c: number, side: number): Float32Array {
  const s2 = Math.floor(side / 2);
  const out = new Float32Array(c * s2 * s2);
  for (let i = 0; i < c; i++)
    for (let y = 0; y < s2; y++)
      for (let x = 0; x < s2; x++) {
        let m = -Infinity;
        for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) m = Math.max(m, input[(i * side + 2 * y + dy) * side + 2 * x + dx]!);
        out[(i * s2 + y) * s2 + x] = m;
      }
  return out;
}

/** y = W x + b with a PyTorch [out, in] weight. */
function linear(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | undefined, out: number): Float32Array {
  const n = x.length;
  const y = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let s = b ? b[o]! : 0;
    for (let i = 0; i < n; i++) s += w[o * n + i]! * x[i]!;
    y[o] = s;
  }
  return y;
}

/** LeNet++ as PyTorch computes it (NCHW, C×H×W flatten), from the exported file alone. */
function torchForward(file: WeightsFile, image: Float32Array): { features: Float32Array; logits: Float32Array } {
  const t = (name: string) => file.tensors[name]!;
  let h = image;
  let c = 1;
  let side = 28;
  file.model.widths.forEach((stage, s) =>
    stage.forEach((outC, k) => {
      const id = `${s + 1}_${k + 1}`;
      const w = t(`conv${id}.weight`);
      expect(w.shape).toEqual([outC, c, 5, 5]);
      h = prelu(convNchw(h, c, side, w.data, t(`conv${id}.bias`).data, outC, 5), t(`prelu${id}.weight`).data[0]!);
      c = outC;
      if (k === stage.length - 1) {
        h = maxPoolNchw(h, c, side);
        side = Math.floor(side / 2);
      }
    }),
  );
  // h is already C×H×W-flattened, as torch.flatten gives it.
  const features = prelu(linear(h, t('fc1.weight').data, t('fc1.bias').data, 2), t('prelu_fc1.weight').data[0]!);
  const logits = linear(features, t('fc2.weight').data, file.model.fc2Bias ? t('fc2.bias').data : undefined, 10);
  return { features, logits };
}

describe('the export is in PyTorch layout', () => {
  const spec = modelSpec('slim', true);
  const input = exportInput(spec, 5);
  const file = buildWeightsFile(input);

  it('names and shapes every tensor as the PyTorch state_dict does', () => {
    expect(Object.keys(file.tensors)).toEqual(paramInfos(spec).map((p) => p.name));
    expect(file.tensors['conv1_1.weight']!.shape).toEqual([16, 1, 5, 5]);
    expect(file.tensors['conv2_1.weight']!.shape).toEqual([32, 16, 5, 5]);
    expect(file.tensors['conv3_1.weight']!.shape).toEqual([64, 32, 5, 5]);
    expect(file.tensors['fc1.weight']!.shape).toEqual([2, 64 * 3 * 3]);
    expect(file.tensors['fc2.weight']!.shape).toEqual([10, 2]);
    expect(file.tensors['prelu1_1.weight']).toEqual({ shape: [1], data: [0.25] });
    expect(file.centers!.shape).toEqual([10, 2]);
  });

  it('conv weights are OIHW: a plain NCHW convolution with them equals tf.conv2d with the HWIO kernel', async () => {
    const rng = createRng(3);
    const [ci, co, side] = [16, 32, 6];
    const xNhwc = randomArray(side * side * ci, rng);
    const ours = await readAndDispose(tf.tidy(() => tf.conv2d(tf.tensor4d(xNhwc, [1, side, side, ci]), tf.tensor4d(input.params.get('conv2_1.weight')!, [5, 5, ci, co]), 1, 'same')));
    const xNchw = new Float32Array(ci * side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) for (let i = 0; i < ci; i++) xNchw[(i * side + y) * side + x] = xNhwc[(y * side + x) * ci + i]!;
    const theirs = convNchw(xNchw, ci, side, file.tensors['conv2_1.weight']!.data, new Float32Array(co), co, 5);
    // tfjs gives NHWC: compare element by element.
    for (let o = 0; o < co; o++) for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) expect(ours[(y * side + x) * co + o]).toBeCloseTo(theirs[(o * side + y) * side + x]!, 4);
  });

  it("fc1.weight follows PyTorch's C×H×W flatten: tfjs matMul on H×W×C activations equals torch's [out, in] · C×H×W", async () => {
    const rng = createRng(4);
    const { side, channels, size } = flatSize(spec);
    expect([side, channels, size]).toEqual([3, 64, 576]);
    const batch = 3;
    const act = randomArray(batch * size, rng); // NHWC, flattened as tf.reshape does: (h·side + w)·C + c
    const ours = await readAndDispose(tf.tidy(() => tf.matMul(tf.tensor2d(act, [batch, size]), tf.tensor2d(input.params.get('fc1.weight')!, [size, 2]))));
    const torchW = file.tensors['fc1.weight']!.data;
    for (let b = 0; b < batch; b++) {
      const chw = new Float32Array(size); // torch.flatten of C×H×W: (c·side + h)·side + w
      for (let h = 0; h < side; h++) for (let w = 0; w < side; w++) for (let c = 0; c < channels; c++) chw[(c * side + h) * side + w] = act[b * size + (h * side + w) * channels + c]!;
      const theirs = linear(chw, torchW, undefined, 2);
      expect(ours[b * 2]).toBeCloseTo(theirs[0]!, 4);
      expect(ours[b * 2 + 1]).toBeCloseTo(theirs[1]!, 4);
    }
  });

  it('a PyTorch-semantics forward pass on the exported tensors reproduces the app’s features and logits on real digits', async () => {
    const images = gatherImages(test, [0, 1]);
    const params = createParams(spec, input.params);
    const o = tf.tidy(() => ({ ...forward(spec, params, tf.tensor4d(images, [2, 28, 28, 1]), 'native') }));
    const out = { features: await readAndDispose(o.features), logits: await readAndDispose(o.logits) };
    tf.dispose([...params.values()]);
    for (let k = 0; k < 2; k++) {
      const ref = torchForward(file, images.subarray(k * 784, (k + 1) * 784));
      for (let d = 0; d < 2; d++) expect(out.features[k * 2 + d]).toBeCloseTo(ref.features[d]!, 4);
      for (let j = 0; j < 10; j++) expect(out.logits[k * 10 + j]).toBeCloseTo(ref.logits[j]!, 4);
    }
  });
});

describe('export → parse → export', () => {
  it('is byte-identical for the slim model with fc2 bias and the full one without', () => {
    for (const spec of [modelSpec('slim', true), modelSpec('full', false)]) {
      const text = serializeWeights(buildWeightsFile(exportInput(spec, 2)));
      const again = serializeWeights(buildWeightsFile(inputFromParsed(text)));
      expect(again.length).toBe(text.length);
      expect(again === text).toBe(true);
    }
  });

  it('reads the model back from the file: 3-D features and 26 classes keep their shapes, in PyTorch layout', () => {
    const letters = { ...MNIST, id: 'emnist-letters', name: 'EMNIST Letters', classNames: Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)) };
    const spec = modelSpec('slim', true, { featDim: 3, numClasses: 26 });
    const text = serializeWeights(buildWeightsFile({ ...exportInput(spec), dataset: letters }));
    const parsed = parseWeightsFile(text, letters);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.spec).toEqual(spec);
    expect(parsed.value.file.tensors['fc1.weight']!.shape).toEqual([3, 576]);
    expect(parsed.value.file.tensors['fc2.weight']!.shape).toEqual([26, 3]);
    expect(parsed.value.file.centers!.shape).toEqual([26, 3]);
    expect(parsed.value.file.dataset).toEqual({ id: 'emnist-letters', name: 'EMNIST Letters', classNames: letters.classNames });
    expect(serializeWeights(buildWeightsFile(inputFromParsed(text, letters)))).toBe(text);
    // The classes are the dataset's: a model of 26 classes cannot claim MNIST's 10.
    const wrong = parseWeightsFile(JSON.stringify({ ...JSON.parse(text), dataset: { id: 'emnist-letters', name: 'EMNIST Letters', classNames: MNIST.classNames } }), letters);
    expect(!wrong.ok && wrong.error).toBe('model.numClasses: must equal the 10 classes of EMNIST Letters, got 26');
  });

  it('keeps the step and the test digits the metrics were computed on', () => {
    const input = exportInput(modelSpec('slim', true));
    const parsed = parseWeightsFile(serializeWeights(buildWeightsFile(input)), MNIST);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.file.metrics!.step).toBe(123);
    expect(parsed.value.file.metrics!.evalIndices).toEqual(input.metrics!.evalIndices);
  });

  it('keeps a missing ratio (coincident centers) as null', () => {
    const base = exportInput(modelSpec('slim', true));
    const input = { ...base, metrics: { ...base.metrics!, interMin: 0, intraOverInterMin: Infinity } };
    const text = serializeWeights(buildWeightsFile(input));
    expect(JSON.parse(text).metrics.intraOverInterMin).toBeNull();
    expect(serializeWeights(buildWeightsFile(inputFromParsed(text)))).toBe(text);
  });

  it('is byte-identical through a Trainer: import, load the values, export again', async () => {
    const spec = modelSpec('slim', true);
    const hyper = { ...presetConfig('fast').hyper, batchSize: 4 };
    const evalSet = makeEvalSet(test, balancedSubset(test.labels, 30));
    const first = new Trainer({ spec, hyper, seed: 9, pool: 'native', train: test, heldOutClass: null });
    first.trainStep();
    const text = serializeWeights(await exportTrainer(first, { test, backend: 'cpu', evalSet, dataset: MNIST }));
    // The file's metrics are those of its own weights, at its own step, on the eval set.
    const { metrics } = await evaluateTrainer(first, evalSet);
    first.dispose();
    const parsed = parseWeightsFile(text, MNIST);
    if (!parsed.ok) throw new Error(parsed.error);
    const f = parsed.value.file;
    expect(f.metrics).toMatchObject({ step: 1, testAccuracy: metrics.testAccuracy, intraDistance: metrics.intraDistance, evalIndices: Array.from(evalSet.indices) });
    expect(f.training.step).toBe(1);
    expect(f.probe.features.shape).toEqual([PROBE_COUNT, 2]);
    expect(f.probe.logits.shape).toEqual([PROBE_COUNT, 10]);
    const second = new Trainer({
      spec: parsed.value.spec,
      hyper: f.hyper,
      seed: f.training.seed,
      pool: 'native',
      train: test,
      heldOutClass: f.training.heldOutClass,
      values: parsed.value.params,
      centers: parsed.value.centers!,
      state: { step: f.training.step, sampler: { epoch: f.training.epoch, cursor: f.training.cursor } },
    });
    const again = serializeWeights(await exportTrainer(second, { test, backend: 'cpu', evalSet, dataset: MNIST }));
    second.dispose();
    expect(again === text).toBe(true);
  });

  it('writes no metrics without an eval set', async () => {
    const first = new Trainer({ spec: modelSpec('slim', true), hyper: presetConfig('fast').hyper, seed: 9, pool: 'native', train: test, heldOutClass: null });
    const file = await exportTrainer(first, { test, backend: 'cpu', evalSet: null, dataset: MNIST });
    first.dispose();
    expect(file.metrics).toBeNull();
    expect(parseWeightsFile(serializeWeights(file), MNIST).ok).toBe(true);
  });
});

describe('malformed files are rejected, naming the first problem', () => {
  const valid = serializeWeights(buildWeightsFile(exportInput(modelSpec('slim', true))));
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const mutated = (edit: (f: Json) => void) => {
    const f = JSON.parse(valid) as Json;
    edit(f);
    return JSON.stringify(f);
  };
  const rejects = (text: string, message: RegExp) => {
    const r = parseWeightsFile(text, MNIST);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  };

  it('accepts the valid file', () => {
    expect(parseWeightsFile(valid, MNIST).ok).toBe(true);
  });
  it('not JSON', () => {
    rejects(valid.slice(0, 1000), /^not valid JSON/);
    rejects('', /^not valid JSON/);
  });
  it('a wrong format string', () => rejects(mutated((f) => (f.format = 'keras/weights')), /^format: format must be "center-loss-lab\/weights"/));
  it('a wrong version', () => rejects(mutated((f) => (f.version = 4)), /^version: version must be 1, 2 or 3/));
  it('widths that are not those of the variant', () => rejects(mutated((f) => (f.model.widths = [[4], [4], [8]])), /^model\.widths: must be \[\[16\],\[32\],\[64\]\] for the slim model/));
  it('a missing tensor', () => rejects(mutated((f) => delete f.tensors['conv2_1.weight']), /^tensors\.conv2_1\.weight: is missing/));
  it('fc2.bias missing from a model that has one', () => rejects(mutated((f) => delete f.tensors['fc2.bias']), /^tensors\.fc2\.bias: is missing/));
  it('a wrong shape (fc1 left in tfjs layout)', () =>
    rejects(mutated((f) => (f.tensors['fc1.weight'].shape = [576, 2])), /^tensors\.fc1\.weight\.shape: must be \[2, 576\], got \[576, 2\]/));
  it('a wrong number of values', () => rejects(mutated((f) => f.tensors['fc1.weight'].data.pop()), /^tensors\.fc1\.weight\.data: must have 1152 values, got 1151/));
  it('NaN (null in JSON) or a string where a number belongs', () => {
    // JSON.stringify writes NaN as null.
    rejects(mutated((f) => (f.tensors['conv1_1.bias'].data[3] = NaN)), /^tensors\.conv1_1\.bias\.data\.3: .*number/i);
    rejects(mutated((f) => (f.centers.data[0] = '0.5')), /^centers\.data\.0: .*number/i);
  });
  it('an infinite value (1e999 parses to Infinity)', () => {
    const text = mutated((f) => (f.tensors['conv1_1.bias'].data[0] = 12345.5)).replace('12345.5', '1e999');
    // zod 4's z.number() already refuses ±Infinity ("expected number, received Infinity").
    rejects(text, /^tensors\.conv1_1\.bias\.data\.0: .*(finite|Infinity)/);
  });
  it('an unknown tensor name', () => rejects(mutated((f) => (f.tensors['conv4_1.weight'] = { shape: [1], data: [0] })), /^tensors\.conv4_1\.weight: is not a parameter of this model/));
  it('wrong centers', () => rejects(mutated((f) => (f.centers = { shape: [10, 3], data: new Array(30).fill(0) })), /^centers\.shape: must be \[10, 2\], got \[10, 3\]/));
  it('a bad hyper-parameter', () => {
    rejects(mutated((f) => (f.hyper.lambda = -1)), /^hyper\.lambda: λ must be between 0 and 10/);
    rejects(mutated((f) => (f.hyper.rule = 'magic')), /^hyper\.rule: /);
    rejects(mutated((f) => (f.hyper.batchSize = 12.5)), /^hyper\.batchSize: batch size must be a whole number/);
  });
  it('a bad training record', () => rejects(mutated((f) => (f.training.backend = 'tpu')), /^training\.backend: /));
  it('metrics of another step than the weights', () => {
    rejects(mutated((f) => (f.metrics.step = 122)), /^metrics\.step: must equal training\.step \(123\), got 122/);
    rejects(mutated((f) => (f.metrics.step = 12.5)), /^metrics\.step: /);
  });
  it('eval indices that are not test digits, or not as many as counted', () => {
    rejects(mutated((f) => (f.metrics.evalIndices[0] = 10000)), /^metrics\.evalIndices\.0: /);
    rejects(mutated((f) => (f.metrics.evalIndices[1] = -1)), /^metrics\.evalIndices\.1: /);
    rejects(mutated((f) => f.metrics.evalIndices.pop()), /^metrics\.evalIndices: must list the 200 test digits counted, got 199/);
  });
  it('accepts an older file whose metrics lack step and evalIndices, and one without metrics', () => {
    const older = parseWeightsFile(mutated((f) => (delete f.metrics.step, delete f.metrics.evalIndices)), MNIST);
    expect(older.ok && older.value.file.metrics).toMatchObject({ testAccuracy: METRICS.testAccuracy });
    expect(older.ok && 'step' in older.value.file.metrics!).toBe(false);
    expect(parseWeightsFile(mutated((f) => (f.metrics = null)), MNIST).ok).toBe(true);
  });
});

describe('a refused file says what kind of file it is', () => {
  it('not JSON, JSON that is not a weights file, or a weights file that does not fit', () => {
    const problem = (text: string) => {
      const r = parseWeightsFile(text, MNIST);
      return r.ok ? 'ok' : r.problem;
    };
    expect(problem('{not json')).toBe('not-json');
    expect(problem('[]')).toBe('not-weights');
    expect(problem('{"hello": 1}')).toBe('not-weights');
    expect(problem('{"format": "center-loss-lab/weights"}')).toBe('invalid');
  });
});
