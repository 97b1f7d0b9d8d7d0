/**
 * Every writer records the dataset it trained on: the page's export, the autosave, and the CLI's --out and --sweep files,
 * each briefly on MNIST, Fashion-MNIST and a generated 5-class set. Each file validates, names its dataset and classes,
 * loads back through the page's own path (the worker session), and is refused, with a message, on another dataset.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { presetConfig } from '../src/ml/config';
import { unpack } from '../src/ml/bufferPack';
import { MNIST, type DatasetSpec } from '../src/ml/datasetSpec';
import { datasetRefOf } from '../src/ml/formats';
import type { SavedSession } from '../src/ml/savedSession';
import { parseWeightsFile } from '../src/ml/weights';
import type { Packed } from '../src/ml/bufferPack';
import type { DataSource } from '../src/workers/protocol';
import { asFiles, bufferOf, FASHION_DIR, fashionFiles, syntheticSet } from './idxSets';
import { harness } from './sessionHarness';

const ROOT = join(import.meta.dirname, '..');
const tiny = presetConfig('fast', { variant: 'slim', evalSize: 20, compare: true, hyper: { batchSize: 8 } });

const fiveClassDir = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'five-'));
  for (const f of asFiles(syntheticSet(5, { train: 16, test: 4 }), true)) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
})();
const filesIn = (dir: string): DataSource => ({
  kind: 'files',
  files: readdirSync(dir).map((name) => ({ name, bytes: bufferOf(new Uint8Array(readFileSync(join(dir, name)))) })),
});

const SETS = [
  { label: 'MNIST', source: (): DataSource => ({ kind: 'bundled' }), cli: [] as string[], id: 'mnist', classes: 10 },
  { label: 'Fashion-MNIST', source: (): DataSource => ({ kind: 'files', files: fashionFiles().map((f) => ({ name: f.name, bytes: bufferOf(f.bytes) })) }), cli: ['--data', FASHION_DIR], id: 'fashion-mnist', classes: 10 },
  { label: 'a generated 5-class set', source: () => filesIn(fiveClassDir), cli: ['--data', fiveClassDir], id: /^custom-/, classes: 5 },
] as const;

/** Per dataset: its session (the page's worker, in Node), its spec, and every file written on it. */
const made = new Map<string, { h: ReturnType<typeof harness>; spec: DatasetSpec; weights: Array<{ writer: string; text: string }>; save: Packed }>();
afterAll(() => made.forEach(({ h }) => h.session.handle({ type: 'pause' })));

const cli = (args: string[]) => spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'train.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

describe.each(SETS)('every writer on $label', (set) => {
  it('the page’s export and the autosave name the dataset and its classes, and load back through the page’s path', async () => {
    const h = harness();
    await h.session.handle({ type: 'init', dataUrl: 'unused', data: set.source(), config: tiny });
    const spec = h.last('dataset')!.info.spec;
    expect(spec.id).toEqual(set.id instanceof RegExp ? expect.stringMatching(set.id) : set.id);
    expect(spec.classNames).toHaveLength(set.classes);
    await h.session.handle({ type: 'step', n: 2 });
    await h.session.handle({ type: 'exportWeights', id: 1 });
    const files = h.last('exported')!.files;
    expect(files).toHaveLength(2);
    const weights = files.map((f) => ({ writer: `the page's export ${f.fileName}`, text: f.json }));
    await h.session.handle({ type: 'checkpoint', id: 2 });
    const save = h.last('checkpoint')!.save;
    const saved = (await unpack(save)) as SavedSession;
    expect(saved.dataset).toEqual(datasetRefOf(spec));
    for (const w of weights) {
      const parsed = parseWeightsFile(w.text, spec);
      expect(parsed.ok ? parsed.value.file.dataset : parsed.error, w.writer).toEqual(datasetRefOf(spec));
      expect(parsed.ok && parsed.value.spec.numClasses).toBe(set.classes);
    }
    await h.session.handle({ type: 'resume', id: 3, save });
    expect(h.of('error').map((e) => e.detail)).toEqual([]);
    expect(h.last('ready')).toMatchObject({ step: 2, history: { kind: 'resumed', id: 3 } });
    made.set(set.label, { h, spec, weights, save });
  });

  it('the CLI’s --sweep files (and --out) name the dataset and its classes, and load back through the page’s path', () => {
    const m = made.get(set.label)!;
    const dir = mkdtempSync(join(tmpdir(), 'cli-out-'));
    const sweep = cli([...set.cli, '--steps', '2', '--batch', '8', '--eval-size', '20', '--sweep', '0,0.5', '--out', join(dir, 'w.json')]);
    expect(sweep.stderr).toBe('');
    expect(sweep.status).toBe(0);
    const written = readdirSync(dir).sort();
    expect(written).toEqual(['w-lambda0.5.json', 'w-lambda0.json']);
    if (set.classes === 5) {
      // One run: --out writes the file itself.
      const one = cli([...set.cli, '--steps', '2', '--batch', '8', '--eval-size', '20', '--out', join(dir, 'one.json')]);
      expect(one.status, one.stderr).toBe(0);
      written.push('one.json');
    }
    for (const name of written) {
      const text = readFileSync(join(dir, name), 'utf8');
      const parsed = parseWeightsFile(text, m.spec);
      expect(parsed.ok ? parsed.value.file.dataset : parsed.error, name).toEqual(datasetRefOf(m.spec));
      m.weights.push({ writer: `the CLI's ${name}`, text });
    }
  }, 240_000);

  it('every file loads in the page (the worker’s import)', async () => {
    const m = made.get(set.label)!;
    for (const [i, w] of m.weights.entries()) {
      await m.h.session.handle({ type: 'importWeights', id: 100 + i, json: w.text });
      expect(m.h.of('error').map((e) => e.detail), w.writer).toEqual([]);
      expect(m.h.last('imported')!.id, w.writer).toBe(100 + i);
    }
  });
});

it('a file of one dataset is refused on each other, with a message naming both; so is a save', async () => {
  expect([...made.keys()]).toEqual(SETS.map((s) => s.label));
  for (const [fromLabel, from] of made) {
    for (const [label, other] of made) {
      if (label === fromLabel) continue;
      for (const [i, w] of from.weights.entries()) {
        await other.h.session.handle({ type: 'importWeights', id: 200 + i, json: w.text });
        const err = other.h.last('error')!;
        expect(err.requestId, w.writer).toBe(200 + i);
        expect(err.detail, w.writer).toContain(`it was trained on ${from.spec.name} (${from.spec.id}), but the loaded dataset is ${other.spec.name} (${other.spec.id})`);
      }
      await other.h.session.handle({ type: 'resume', id: 300, save: from.save });
      expect(other.h.last('error')!.detail).toContain(`it was trained on ${from.spec.name} (${from.spec.id}), but the loaded dataset is ${other.spec.name}`);
    }
  }
});

it('the CLI’s --runs writes one file per loss, named by it, each recording its loss, with centers only for center loss', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-runs-'));
  const run = cli(['--steps', '2', '--batch', '8', '--eval-size', '20', '--feat-dim', '3', '--runs', 'softmax,center,arcface', '--out', join(dir, 'w.json')]);
  expect(run.status, run.stderr).toBe(0);
  expect(readdirSync(dir).sort()).toEqual(['w-arcface.json', 'w-center.json', 'w-softmax.json']);
  for (const loss of ['softmax', 'center', 'arcface'] as const) {
    const parsed = parseWeightsFile(readFileSync(join(dir, `w-${loss}.json`), 'utf8'), MNIST);
    expect(parsed.ok ? [parsed.value.file.loss.kind, parsed.value.spec.featDim, 'centers' in parsed.value.file] : parsed.error, loss).toEqual([loss, 3, loss === 'center']);
  }
}, 240_000);
