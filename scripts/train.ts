/**
 * Headless training on the app's own engine (src/ml), in Node:
 *   npm run train -- --preset fast --variant slim --steps 200 --seed 1 --out weights.json
 *   npm run train -- --data /usr/share/datasets/fashion-mnist     (any four IDX files in a folder)
 * Shows progress (a bar on a terminal, lines otherwise), evaluates on the test set at the end and writes the app's weights export format.
 * Exit status: 0 done, 1 bad flags, 2 the run failed (data missing, backend, divergence).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { activateBackend } from '../src/ml/backend';
import { loadMnist, type FetchBytes, type LoadedDataset } from '../src/ml/dataset';
import { numClassesOf } from '../src/ml/datasetSpec';
import { loadIdxFiles } from '../src/ml/idxFiles';
import { barLine, progressModeFor } from './progress';
import { evaluateTrainer, exportTrainer, makeEvalSet } from '../src/ml/headless';
import { modelSpec, parameterCount } from '../src/ml/lenetpp';
import { balancedSubset, gatherImages, gatherLabels } from '../src/ml/mnist';
import { checkHeldOutClass, fitScheduleTo, startsFromSoftmax } from '../src/ml/config';
import { knownCenterDistances } from '../src/ml/openset';
import { augmentOf, augments } from '../src/ml/augment';
import { auroc, rocCurve } from '../src/ml/roc';
import { classMeans, loadSoftmaxStart } from '../src/ml/softmaxStart';
import { makeRuns, runTag, softmaxStarts } from '../src/workers/runFiles';
import { runInfos } from '../src/workers/runs';
import { parseCli, USAGE, UsageError, type CliOptions } from './cliArgs';
import { MNIST } from '../src/ml/datasetSpec';
import { parseWeightsFile, serializeWeights, WEIGHTS_VERSION } from '../src/ml/weights';

const MNIST_DIR = join(import.meta.dirname, '..', 'public', 'mnist');
const STARTS_DIR = join(import.meta.dirname, '..', 'public', 'starts');
/** Training digits whose mean features place the centers (--centers-at-means). */
const MEANS_DIGITS = 2000;

const diskFetcher =
  (dir: string): FetchBytes =>
  async (path) => {
    const p = join(dir, path);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
  };

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (x: number, d = 4) => (Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(d));

/** "weights.json" → "weights-lambda0.1.json" or "weights-arcface.json" for one run of several (runTag: named by what differs). */
const outPath = (out: string, tag: string) => resolve(out.replace(/(\.json)?$/, `${tag}$1`));

/** How well the distance to the nearest known center tells the held-out digits from the known ones: the open-set panel's AUROC. */
function openSetAuroc(ev: { features: Float32Array; centers: Float32Array }, labels: Uint8Array, dim: number, heldOut: number): number {
  const dist = knownCenterDistances(ev.features, ev.centers, dim, heldOut);
  return auroc(rocCurve(dist, Array.from(labels, (l) => l === heldOut)));
}

/** The IDX files in a folder (its visible regular files), checked as the page checks dropped files. */
async function loadIdxDir(dir: string): Promise<LoadedDataset> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--data: ${dir} is not a folder`);
  const names = readdirSync(dir).filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isFile());
  return loadIdxFiles(names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })));
}

async function run(opts: CliOptions): Promise<number> {
  const t0 = performance.now();
  const data = opts.data ? await loadIdxDir(opts.data) : await loadMnist(diskFetcher(MNIST_DIR));
  const { train, test, spec: dataset } = data;
  const numClasses = numClassesOf(dataset);
  const held = checkHeldOutClass(opts.config, dataset);
  if (!held.ok) throw new Error(held.error);
  const config = fitScheduleTo(opts.config, train.count);
  const h = config.hyper;
  await activateBackend(opts.backend);
  // The quick lesson starts from the shipped softmax-trained network, as the app does: an MNIST network.
  if (startsFromSoftmax(config) && dataset.id !== 'mnist') throw new Error(`the quick lesson starts from a network trained on MNIST, not ${dataset.name}: use --preset fast (or reference, caffe) with --data`);
  const start = startsFromSoftmax(config) ? (await loadSoftmaxStart(diskFetcher(STARTS_DIR))).weights : null;
  const variant = start ? start.spec.variant : config.variant === 'auto' ? 'slim' : config.variant;
  const spec = start?.spec ?? modelSpec(variant, config.fc2Bias, { featDim: config.featDim, numClasses });
  const infos = runInfos(config);
  // The app's lockstep, built as the worker builds it: every run from the same seed (same start, same batches), differing by its overrides alone.
  const runs = makeRuns(infos, config, spec, train, start ? softmaxStarts(start, infos) : undefined);
  const dispose = () => runs.forEach((r) => r.trainer.dispose());
  const first = runs[0]!.trainer;
  const steps = opts.steps ?? first.stepsPerEpoch;
  console.log(
    `center-loss-lab train: ${variant} LeNet++ (${parameterCount(spec).toLocaleString('en-US')} parameters) on ${tf.getBackend()}, preset ${config.preset}, seed ${config.seed}\n` +
      `  ${runs.map((r) => r.title).join(' | ')}  α ${h.alpha}  rule ${h.rule}  optimizer ${h.optimizer}  lr ${h.lr}  batch ${h.batchSize}${h.optimizer === 'sgd' ? `  momentum ${h.momentum}` : ''}  weight decay ${h.weightDecay}  clip ${h.clip || 'off'}  schedule ${JSON.stringify(h.schedule)}  augment ${augments(augmentOf(h)) ? `±${h.augRotate ?? 0}° ±${h.augShift ?? 0} px ±${h.augScale ?? 0} scale` : 'off'}\n` +
      `  ${steps} steps (${(steps / first.stepsPerEpoch).toFixed(2)} epochs of ${first.stepsPerEpoch})${runs.length > 1 ? `, ${runs.length} runs in lockstep` : ''}; ${dataset.name} (${numClasses} classes, ${train.count.toLocaleString('en-US')} + ${test.count.toLocaleString('en-US')} images) loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (opts.backend === 'cpu') console.log('  note: the cpu backend is plain JavaScript, hundreds of times slower than wasm for training');
  let windowStart = performance.now();
  const trainStart = windowStart;
  let images = 0;
  const set = makeEvalSet(test, balancedSubset(test.labels, opts.evalSize, numClasses));
  const mode = progressModeFor(process.stdout.isTTY);
  // On a terminal, log lines go above the bar: clear it, print, and the next update redraws it.
  const say = (line: string) => console.log(mode === 'bar' ? `\r\x1b[2K${line}` : line);
  let lastBarAt = -Infinity;
  let postfix = '';
  for (let i = 1; i <= steps; i++) {
    const lr = first.lr;
    for (const r of runs) r.trainer.trainStep();
    if (opts.evalEvery && i % opts.evalEvery === 0) {
      const at = await Promise.all(runs.map(async (r) => ({ r, m: (await evaluateTrainer(r.trainer, set)).metrics })));
      say(`eval at step ${i} (${i * h.batchSize} images):${at.map(({ r, m }) => `  [${r.title}] test ${pct(m.testAccuracy)} intra/min-inter ${fmt(m.intraOverInterMin, 3)}`).join('')}`);
    }
    if (mode === 'bar') {
      const now = performance.now();
      if (now - lastBarAt >= 100 || i === steps) {
        // Reading the step counter only: the bar never waits on the device.
        const sec = (now - trainStart) / 1000;
        process.stdout.write(`\r${barLine({ done: i, total: steps, elapsedSec: sec, imagesPerSec: (i * h.batchSize * runs.length) / sec, postfix })}`);
        lastBarAt = now;
      }
    }
    if (i % opts.reportEvery !== 0 && i !== steps) continue;
    const windows = await Promise.all(runs.map((r) => r.trainer.readWindow()));
    const now = performance.now();
    for (const [k, w] of windows.entries()) {
      const r = runs[k]!;
      images += w.images;
      if (!w.finite) {
        console.error(`error: the loss became NaN or infinite by step ${r.trainer.step} (${r.title}, α ${h.alpha}, lr ${h.lr}): lower the learning rate${r.loss === 'center' ? ' or λ' : ''}`);
        dispose();
        return 2;
      }
      const tag = runs.length > 1 ? `  [${r.title}]` : '';
      if (mode === 'bar') {
        if (k === runs.length - 1) postfix = `CE ${fmt(w.ce)} L_C ${fmt(w.centerLoss)} acc ${pct(w.accuracy)}${tag}`;
        continue;
      }
      console.log(
        `step ${String(r.trainer.step).padStart(String(steps).length)}/${steps}  epoch ${r.trainer.epoch}  lr ${fmt(lr)}  CE ${fmt(w.ce)}  L_C ${fmt(w.centerLoss)}  total ${fmt(w.total)}  train acc ${pct(w.accuracy)}  ${Math.round((w.images / (now - windowStart)) * 1000 * runs.length)} img/s${tag}`,
      );
    }
    windowStart = now;
  }
  const trainSec = (performance.now() - trainStart) / 1000;
  if (mode === 'bar') process.stdout.write('\n');
  console.log(`trained ${steps} steps in ${trainSec.toFixed(1)} s (${Math.round(images / trainSec)} img/s${runs.length > 1 ? ` over ${runs.length} runs` : ''})`);

  for (const r of runs) {
    const ev = await evaluateTrainer(r.trainer, set);
    const m = ev.metrics;
    console.log(
      `eval${runs.length > 1 ? ` of ${r.title}` : ''} on ${m.count} test images${m.count === test.count ? ' (the whole test set)' : ' (class-balanced)'}:\n` +
        `  test accuracy (softmax)  ${pct(m.testAccuracy)}\n` +
        `  nearest-center accuracy  ${pct(m.nearestCenterAccuracy)}\n` +
        `  intra (mean ‖x − c_y‖)   ${fmt(m.intraDistance)}\n` +
        `  inter (min / mean)       ${fmt(m.interMin)} / ${fmt(m.interMean)}\n` +
        `  intra / min-inter        ${Number.isFinite(m.intraOverInterMin) ? fmt(m.intraOverInterMin) : '∞ (two centers coincide)'}\n` +
        `  within / between         ${fmt(m.withinOverBetween)}`,
    );
    if (config.heldOutClass !== null) console.log(`  open-set AUROC (held-out ${config.heldOutClass} by distance to the nearest known center)  ${openSetAuroc(ev, set.labels, spec.featDim, config.heldOutClass).toFixed(4)}`);
    if (!opts.out) continue;
    if (opts.centersAtMeans) {
      const idx = Array.from({ length: MEANS_DIGITS }, (_, i) => i);
      const { features } = await r.trainer.embed(gatherImages(train, idx), MEANS_DIGITS);
      r.trainer.setCenters(classMeans(features, gatherLabels(train, idx), spec.numClasses, spec.featDim));
      console.log(`  centers moved to the class means of the first ${MEANS_DIGITS} training digits`);
    }
    // The file's metrics are recomputed from the exported weights on the same digits (its evalIndices).
    const text = serializeWeights(await exportTrainer(r.trainer, { test, backend: opts.backend, evalSet: set, dataset: MNIST }));
    const parsed = parseWeightsFile(text, MNIST);
    if (!parsed.ok) {
      console.error(`error: the export does not validate: ${parsed.error}`);
      dispose();
      return 2;
    }
    const path = outPath(opts.out, runTag(runs, runs.indexOf(r)));
    writeFileSync(path, text);
    console.log(`wrote ${path} (${(text.length / 1024).toFixed(0)} KiB, center-loss-lab/weights v${WEIGHTS_VERSION}, PyTorch layout)`);
  }
  dispose();
  return 0;
}

async function main(): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`error: ${e.message}\n\n${USAGE}`);
    return 1;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    return await run(opts);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
}

process.exitCode = await main();
