/**
 * The shipped CPU-side backends' gradients against `cpu`, in Node: wasm (with the pool mode the app
 * trains with there) on the same tiny LeNet++ and seeded batch the self-test page uses in the browser.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backend';
import {
  compareGrads,
  GRAD_TOLERANCE,
  GRADCHECK_BATCH,
  GRADCHECK_SPEC,
  gradCheckCase,
  lossAndGrads,
  relDiff,
  runGradCheck,
  type GradCheckReport,
} from './gradcheck';
import { registerWasmTrainingKernels, restoreNativeWasmKernels } from './backends/wasmKernels';
import { paramInfos } from './lenetpp';

function describeReport(r: GradCheckReport): string {
  return r.comparison.params.map((p) => `${p.name}: ${p.rel.toExponential(2)}`).join(', ');
}

beforeAll(async () => {
  await activateBackend('cpu');
});

afterAll(async () => {
  await activateBackend('cpu');
});

describe('the check itself', () => {
  it('is seeded: the same case every time, with noise on every pixel and a label per image', () => {
    const a = gradCheckCase();
    const b = gradCheckCase();
    expect(a.images).toEqual(b.images);
    expect(a.centers).toEqual(b.centers);
    expect([...a.values.keys()]).toEqual(paramInfos(GRADCHECK_SPEC).map((p) => p.name));
    expect(a.images.length).toBe(GRADCHECK_BATCH * 28 * 28);
    expect(a.images.every((v) => v !== 0)).toBe(true);
    expect(a.labels).toHaveLength(GRADCHECK_BATCH);
    expect(gradCheckCase({ seed: 2 }).images).not.toEqual(a.images);
  });

  it('judges a near-zero gradient against the largest one, and still fails a wrong one', () => {
    const grads = (a: number[], b: number[]) => ({ ce: 0, centerLoss: 0, total: 1, grads: new Map(paramInfos(GRADCHECK_SPEC).map((p, k) => [p.name, Float32Array.from(k === 0 ? a : b)])) });
    const ref = grads([1.6], [3.6e-6]);
    // Summation order moves a cancelling 3.6e-6 by 2e-4 of itself: against the scale 1.6e-3 that is 4e-7.
    const close = compareGrads(GRADCHECK_SPEC, grads([1.6], [3.6e-6 + 7e-10]), ref);
    expect(close.params[1]!.rel / (7e-10 / 1.6e-3)).toBeCloseTo(1, 1);
    expect(close.maxRel).toBeLessThan(GRAD_TOLERANCE);
    // A gradient off by 10% of itself fails, large or small.
    expect(compareGrads(GRADCHECK_SPEC, grads([1.76], [3.6e-6]), ref).maxRel).toBeCloseTo(0.1, 6);
    expect(compareGrads(GRADCHECK_SPEC, grads([1.6], [0.05]), ref).maxRel).toBeGreaterThan(1);
  });

  it('measures the error against the reference scale and never lets NaN pass', () => {
    expect(relDiff([1, 2.5], [1, 2])).toEqual({ maxAbsDiff: 0.5, refMaxAbs: 2, rel: 0.25 });
    expect(relDiff([1e-3, 0], [0, 0]).rel).toBe(1e-3);
    expect(relDiff([NaN, 1], [1, 1]).rel).toBeNaN();
    expect(relDiff([1, NaN], [1, 1]).rel).toBeNaN();
  });

  it('gives non-zero gradients for every parameter on cpu, and leaks no tensor', async () => {
    await activateBackend('cpu');
    const before = tf.memory().numTensors;
    const g = await lossAndGrads(gradCheckCase(), 'native');
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(g.total)).toBe(true);
    expect(g.total).toBeCloseTo(g.ce + gradCheckCase().lambda * g.centerLoss, 5);
    for (const p of paramInfos(GRADCHECK_SPEC)) {
      const v = g.grads.get(p.name)!;
      expect(v.length).toBe(p.shape.reduce((a, b) => a * b, 1));
      expect(Math.max(...v.map(Math.abs)), p.name).toBeGreaterThan(0);
    }
  });

  it('agrees with itself across pool modes on cpu (no ties in the pooling windows)', async () => {
    await activateBackend('cpu');
    const c = gradCheckCase();
    const cmp = compareGrads(GRADCHECK_SPEC, await lossAndGrads(c, 'reshape'), await lossAndGrads(c, 'native'));
    expect(cmp.maxRel).toBeLessThan(1e-6);
  });
});

describe('wasm matches cpu', () => {
  it('with the pool mode the app uses on wasm', async () => {
    const r = await runGradCheck('wasm', gradCheckCase());
    expect(r.active).toBe('wasm');
    expect(r.pool).toBe('native');
    expect(r.comparison.params).toHaveLength(paramInfos(GRADCHECK_SPEC).length);
    for (const p of r.comparison.params) expect(p.rel, `${p.name}: ${describeReport(r)}`).toBeLessThan(GRAD_TOLERANCE);
    expect(r.comparison.lossRel).toBeLessThan(GRAD_TOLERANCE);
    expect(r.repeatMaxRel).toBe(0);
    expect(r.leakedTensors).toBe(0);
    expect(r.programs).toEqual({ afterFirst: null, afterSecond: null });
    expect(r.pass).toBe(true);
    expect(tf.getBackend()).toBe('cpu');
    console.info(`wasm vs cpu (Node): max relative gradient difference ${r.comparison.maxRel.toExponential(2)} (${describeReport(r)})`);
  });

  it('and catches a wrong kernel: stock wasm max-pool gradients fail the same comparison', async () => {
    const c = gradCheckCase();
    await activateBackend('cpu');
    const ref = await lossAndGrads(c, 'native');
    // tfjs-wasm's own MaxPoolGrad, which the app replaces (backends/wasmMaxPoolGrad.ts).
    restoreNativeWasmKernels();
    try {
      await tf.setBackend('wasm');
      registerWasmTrainingKernels({ correctMaxPoolGrad: false });
      const stock = compareGrads(GRADCHECK_SPEC, await lossAndGrads(c, 'native'), ref);
      expect(stock.maxRel).toBeGreaterThan(100 * GRAD_TOLERANCE);
      // The same gradients without any MaxPoolGrad kernel agree: the pooling gradient is the culprit.
      expect(compareGrads(GRADCHECK_SPEC, await lossAndGrads(c, 'reshape'), ref).maxRel).toBeLessThan(GRAD_TOLERANCE);
    } finally {
      restoreNativeWasmKernels();
      registerWasmTrainingKernels();
      await activateBackend('cpu');
    }
  });
});
