/** `npm run train`'s flags come from the settings table: every table setting with a flag reaches the config, bad values name the flag. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_RECIPES, presetConfig } from '../src/ml/config';
import { LOSS_KINDS } from '../src/ml/losses/registry';
import { SETTINGS } from '../src/ml/settings';
import { parseCli, USAGE, UsageError } from '../scripts/cliArgs';
import { barLine, formatDuration, progressModeFor } from '../scripts/progress';
import { asFiles, syntheticSet } from './idxSets';
import { malformedCorpus } from './idxCorpus';

const ROOT = join(import.meta.dirname, '..');

/** A folder holding these files, as a user would point --data at. */
function folderOf(files: { name: string; bytes: Uint8Array }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'idx-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

/** The CLI as a user runs it, its output piped (not a terminal). */
const train = (args: string[]) => spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'train.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });

describe('the train CLI', () => {
  it('offers every flag of the settings table, with its help', () => {
    for (const s of SETTINGS) if (s.cli) expect(USAGE, s.name).toContain(`--${s.cli} `);
    expect(USAGE).toContain(SETTINGS.find((s) => s.name === 'lambda')!.help);
  });

  it('carries every flagged setting from its text into the config, the same as the URL does', () => {
    const target = presetConfig('reference', { variant: 'full', backend: 'cpu', seed: 4, evalSize: 2000, heldOutClass: 7, sweep: [0, 0.1, 1], runs: [{ loss: 'softmax' }, { loss: 'arcface' }], hyper: { lambda: 0.2, alpha: 0.3, lr: 0.04, batchSize: 32, rule: 'paper', augRotate: 10, augShift: 1.5, augScale: 0.1, loss: 'cosface', sphereM: 2, sphereLambdaMin: 3, cosS: 20, cosM: 0.3, arcS: 16, arcM: 0.4, marginRampSteps: 50 } });
    // A checkbox is a bare flag (--quick), given only to turn it on.
    const argv = SETTINGS.flatMap((s) => (!s.cli ? [] : s.control.kind === 'checkbox' ? (s.get(target) ? [`--${s.cli}`] : []) : [`--${s.cli}=${s.format(s.get(target))}`]));
    const opts = parseCli(argv);
    if (opts === 'help') throw new Error('unexpected help');
    expect(opts.config).toEqual(target);
    expect(opts.backend).toBe('cpu');
    expect(opts.evalSize).toBe(2000);
  });

  it('--quick is the quick lesson: its preset in compare mode, later flags changing it', () => {
    const opts = parseCli(['--quick', '--seed', '3', '--lambda', '0.1']);
    if (opts === 'help') throw new Error('unexpected help');
    expect(opts.config).toMatchObject({ preset: 'quick', compare: true, seed: 3, hyper: { lambda: 0.1, batchSize: 32, lambdaWarmupSteps: 30 } });
  });

  it('--optimizer brings Adam\u2019s or AdamW\u2019s recipe, later flags changing it; sgd keeps the preset\u2019s', () => {
    const adamw = parseCli(['--optimizer', 'adamw']);
    if (adamw === 'help') throw new Error('unexpected help');
    expect(adamw.config.hyper).toMatchObject({ ...OPTIMIZER_RECIPES.adamw, optimizer: 'adamw', lambda: 1, batchSize: 128 });
    const adam = parseCli(['--lr', '0.01', '--optimizer', 'adam']);
    if (adam === 'help') throw new Error('unexpected help');
    expect(adam.config.hyper).toMatchObject({ optimizer: 'adam', lr: 0.01, weightDecay: OPTIMIZER_RECIPES.adam.weightDecay });
    const sgd = parseCli(['--optimizer', 'sgd']);
    if (sgd === 'help') throw new Error('unexpected help');
    expect(sgd.config.hyper).toEqual(presetConfig('fast').hyper);
    expect(() => parseCli(['--optimizer', 'rmsprop'])).toThrow(new UsageError('--optimizer: expected one of sgd, adam, adamw, got "rmsprop"'));
  });

  it('defaults to the slim model on wasm, and names the flag of a bad value', () => {
    const opts = parseCli(['--steps', '10']);
    if (opts === 'help') throw new Error('unexpected help');
    expect([opts.config.variant, opts.backend, opts.steps, opts.evalSize]).toEqual(['slim', 'wasm', 10, 1000]);
    expect(() => parseCli(['--lambda=-1'])).toThrow(new UsageError('--lambda: λ must be between 0 and 10, got "-1"'));
    expect(() => parseCli(['--backend', 'webgpu'])).toThrow(/--backend must be one of wasm, cpu in Node/);
    expect(() => parseCli(['--sweep', '1,1'])).toThrow(/--sweep: the λ values of a sweep must differ/);
    expect(() => parseCli(['--runs', 'softmax,arcfase'])).toThrow(`--runs: "arcfase" is not a loss: expected ${LOSS_KINDS.join(', ')}`);
    expect(() => parseCli(['--loss', 'triplet'])).toThrow(`--loss: expected one of ${LOSS_KINDS.join(', ')}`);
    expect(() => parseCli(['--arc-m', '2'])).toThrow(/--arc-m: ArcFace m must be between 0 and 1.5/);
    expect(() => parseCli(['--colour', 'red'])).toThrow(UsageError);
    expect(parseCli(['--help'])).toBe('help');
  });

  it('--data takes a folder; an empty value is refused', () => {
    const opts = parseCli(['--data', '/some/dir']);
    if (opts === 'help') throw new Error('unexpected help');
    expect(opts.data).toBe('/some/dir');
    expect(USAGE).toContain('--data <dir>');
    expect(() => parseCli(['--data='])).toThrow(new UsageError('--data must be a folder'));
  });

  it('on a terminal draws a bar with the rate and the time left, as tqdm does; elsewhere plain lines', () => {
    expect(progressModeFor(true)).toBe('bar');
    expect(progressModeFor(false)).toBe('lines');
    expect(progressModeFor(undefined)).toBe('lines');
    expect([formatDuration(75), formatDuration(3725), formatDuration(NaN)]).toEqual(['01:15', '1:02:05', '?']);
    const line = barLine({ done: 100, total: 400, elapsedSec: 30, imagesPerSec: 853.4, postfix: 'CE 0.51' }, 20);
    // A quarter done in 30 s: 90 s left at that pace.
    expect(line).toBe(' 25%|█████               | 100/400 [00:30<01:30, 853 img/s] CE 0.51');
    expect(barLine({ done: 0, total: 10, elapsedSec: 0, imagesPerSec: 0 }, 4)).toBe('  0%|    | 0/10 [00:00<?, 0 img/s]');
    expect(barLine({ done: 10, total: 10, elapsedSec: 5, imagesPerSec: 256 }, 4)).toBe('100%|████| 10/10 [00:05<00:00, 256 img/s]');
  });

  it('trains on the IDX files in a folder, printing plain lines when its output is not a terminal', () => {
    const dir = folderOf(asFiles(syntheticSet(3, { train: 16, test: 5 }), true));
    const r = train(['--data', dir, '--steps', '4', '--batch', '8', '--report-every', '2', '--eval-size', '15', '--seed', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Your dataset (3 classes, 48 + 15 images)');
    expect(r.stdout).not.toMatch(/\r|█/);
    expect(r.stdout.match(/^step [ \d]+\/4 .* img\/s$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/eval on 15 test images \(the whole test set\):\n {2}test accuracy \(softmax\) +\d+\.\d%/);
  }, 240_000);

  it('refuses a folder of malformed files with the message that names the file (exit status 2)', () => {
    const c = malformedCorpus().find((m) => m.fault === 'counts that disagree')!;
    const r = train(['--data', folderOf(c.files), '--steps', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: t10k-labels-idx1-ubyte: has 9 labels but t10k-images-idx3-ubyte has 20 images/);
    expect(train(['--data', join(ROOT, 'no-such-folder')]).stderr).toMatch(/--data: .*no-such-folder is not a folder/);
  }, 240_000);
});
