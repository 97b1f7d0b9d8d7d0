/** The PyTorch loader (scripts/golden/load_weights.py) reads the app's weights files strictly and reproduces their features and logits. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
// Debian's python3-torch (.ci/run installs it): the loader is the check that the file means the same in PyTorch.
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const DIR = mkdtempSync(join(tmpdir(), 'loader-'));

interface Tensor {
  shape: number[];
  data: number[];
}
type WeightsJson = Record<string, unknown> & { version: number; tensors: Record<string, Tensor>; centers?: Tensor; probe: { features: Tensor; logits: Tensor } };

const slimV1 = (): WeightsJson => JSON.parse(gunzipSync(readFileSync(join(ROOT, 'test/fixtures/weights-slim-v1.json.gz'))).toString('utf8')) as WeightsJson;
const start = (): WeightsJson => JSON.parse(readFileSync(join(ROOT, 'public/starts/softmax-slim.json'), 'utf8')) as WeightsJson;

interface Loaded {
  file: string;
  refused?: string;
  version: number;
  loss: string;
  features: number[][];
  logits: number[][];
  worstFeatures: number;
  worstLogits: number;
  matchesProbe: boolean;
}

/** Runs the loader once over these files (importing torch is the slow part) and returns its status and one report per file. */
function loadAll(files: [string, WeightsJson][]): { status: number | null; stderr: string; out: Map<string, Loaded> } {
  const paths = files.map(([name, file]) => {
    writeFileSync(join(DIR, name), JSON.stringify(file));
    return join(DIR, name);
  });
  const r = spawnSync(PYTHON, [join(ROOT, 'scripts/golden/load_weights.py'), ...paths, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  const out = new Map<string, Loaded>();
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const one = JSON.parse(line) as Loaded;
    out.set(one.file, one);
  }
  return { status: r.status, stderr: r.stderr, out };
}

/** s times the cosine of each probe feature with each normalised fc2 row: what an ArcFace head reports as its logits (no margin). */
function scaledCosines(features: Tensor, w: Tensor, s: number): Tensor {
  const [n, d] = features.shape as [number, number];
  const classes = w.shape[0]!;
  const row = (t: number[], i: number) => t.slice(i * d, (i + 1) * d);
  const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = unit(row(features.data, i));
    for (let j = 0; j < classes; j++) data.push(s * unit(row(w.data, j)).reduce((sum, x, k) => sum + x * f[k]!, 0));
  }
  return { shape: [n, classes], data };
}

const ARC_S = 16;

/** A version 3 file of an angular head, made from an older one: the loss section, no centers, the probe's logits as s·cos θ. */
function asArcFace(file: WeightsJson): WeightsJson {
  const { centers: _, ...rest } = file;
  return { ...rest, version: 3, loss: { kind: 'arcface', params: { arcS: ARC_S, arcM: 0.5 } }, probe: { ...file.probe, logits: scaledCosines(file.probe.features, file.tensors['fc2.weight']!, ARC_S) } };
}

describe('the PyTorch loader', () => {
  it('runs: Debian python3-torch is installed for it', () => {
    const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
    expect(r.status, `${PYTHON} cannot import torch (apt-get install python3-torch python3-numpy): ${r.stderr}`).toBe(0);
  });

  it('reproduces the features and logits an old (version 1) file records, to 1e-5', () => {
    const files: [string, WeightsJson][] = [['slim-v1.json', slimV1()], ['start.json', start()]];
    const r = loadAll(files);
    expect(r.status, r.stderr).toBe(0);
    for (const [name, file] of files) {
      const one = r.out.get(name)!;
      expect(one.loss).toBe('center');
      expect(one.worstFeatures).toBeLessThanOrEqual(1e-5);
      expect(one.worstLogits).toBeLessThanOrEqual(1e-5);
      expect(one.features.length).toBe(file.probe.features.shape[0]);
    }
  });

  it('builds the head a version 3 file names: an ArcFace file reports s·cos θ (no margin), and logits that are not its own do not pass', () => {
    // A trained network: the untrained fixture's features are so short (|x| ≈ 0.02) that float32 rounding moves their direction by 1e-5.
    const good = asArcFace(start());
    const wrong = { ...good, probe: start().probe };
    const r = loadAll([['arcface-v3.json', good], ['arcface-wrong-logits.json', wrong]]);
    expect(r.status).toBe(1);
    const ok = r.out.get('arcface-v3.json')!;
    expect(ok.loss).toBe('arcface');
    expect(ok.matchesProbe).toBe(true);
    for (const row of ok.logits) for (const c of row) expect(Math.abs(c)).toBeLessThanOrEqual(ARC_S * (1 + 1e-6));
    expect(Math.max(...ok.logits.flat())).toBeGreaterThan(1);
    // x·Wᵀ + b passed off as an ArcFace file's cosines.
    expect(r.out.get('arcface-wrong-logits.json')!.matchesProbe).toBe(false);
  });

  it('refuses a file with a tensor missing, one too many, a wrong shape, or centers its head does not use, naming it', () => {
    const cases: [string, (f: WeightsJson) => WeightsJson, RegExp][] = [
      ['missing', (f) => ({ ...f, tensors: Object.fromEntries(Object.entries(f.tensors).filter(([k]) => k !== 'conv2_1.bias')) }), /tensors\.conv2_1\.bias is missing/],
      ['extra', (f) => ({ ...f, tensors: { ...f.tensors, 'conv4_1.weight': { shape: [1], data: [0] } } }), /tensors\.conv4_1\.weight is not a parameter/],
      ['shape', (f) => ({ ...f, tensors: { ...f.tensors, 'fc2.weight': { shape: [2, 10], data: f.tensors['fc2.weight']!.data } } }), /tensors\.fc2\.weight must have shape \[10, 2\]/],
      ['count', (f) => ({ ...f, tensors: { ...f.tensors, 'fc1.bias': { shape: [2], data: [0] } } }), /tensors\.fc1\.bias must have 2 values, got 1/],
      ['centers', (f) => ({ ...asArcFace(f), centers: f.centers }), /centers are present but the arcface head has none/],
      ['no-centers', (f) => ({ ...f, centers: undefined }), /centers are missing/],
      ['kind', (f) => ({ ...asArcFace(f), loss: { kind: 'triplet', params: {} } }), /loss\.kind must be one of/],
      ['version', (f) => ({ ...f, version: 9 }), /version must be one of 1, 2, 3/],
      ['scale', (f) => ({ ...asArcFace(f), loss: { kind: 'arcface', params: { arcM: 0.5 } } }), /loss\.params\.arcS must be a positive number/],
    ];
    const r = loadAll(cases.map(([name, mutate]) => [`${name}.json`, mutate(slimV1())]));
    expect(r.status).toBe(2);
    for (const [name, , message] of cases) expect(r.out.get(`${name}.json`)?.refused, name).toMatch(message);
  });
});
