/**
 * The index math of our WGSL kernels on odd shapes, in Node: each file's JS model of its shader (same tiles, same
 * loads, same order of sums) against a plain reference. The shaders themselves run in the browser check
 * (selftest.html?mode=kernels, e2e/backend-gradients.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { preluGradPartialsReference, preluGradReduceReference, planPreluGrad } from './webgpuBiasPrelu';
import { filterGradPartialsReference, planFilterGrad, sumPartialsReference, TARGET_WORKGROUPS, TILE, type FilterGradShape } from './webgpuConv2DBackpropFilter';
import { packPixels, unpackedPixel } from './webgpuGatherBatch';
import { createRng } from '../rng';

const noise = (n: number, seed: number) => {
  const r = createRng(seed);
  return Float32Array.from({ length: n }, () => r.normal());
};

/** dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, ih, iw, ci] · dy[b, oh, ow, co], in float64. */
function naiveFilterGrad(x: Float32Array, dy: Float32Array, s: FilterGradShape): Float64Array {
  const out = new Float64Array(s.filterH * s.filterW * s.inC * s.outC);
  for (let b = 0; b < s.batch; b++)
    for (let oh = 0; oh < s.outH; oh++)
      for (let ow = 0; ow < s.outW; ow++)
        for (let fh = 0; fh < s.filterH; fh++)
          for (let fw = 0; fw < s.filterW; fw++) {
            const ih = oh * s.strideH - s.padTop + fh;
            const iw = ow * s.strideW - s.padLeft + fw;
            if (ih < 0 || ih >= s.inH || iw < 0 || iw >= s.inW) continue;
            for (let ci = 0; ci < s.inC; ci++)
              for (let co = 0; co < s.outC; co++)
                out[((fh * s.filterW + fw) * s.inC + ci) * s.outC + co]! += x[((b * s.inH + ih) * s.inW + iw) * s.inC + ci]! * dy[((b * s.outH + oh) * s.outW + ow) * s.outC + co]!;
          }
  return out;
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
};

const shape = (o: Partial<FilterGradShape> & Pick<FilterGradShape, 'batch' | 'inH' | 'inW' | 'inC' | 'outC' | 'filterH' | 'filterW'>, stride = 1, same = true): FilterGradShape => {
  const outH = same ? Math.ceil(o.inH / stride) : Math.ceil((o.inH - o.filterH + 1) / stride);
  const outW = same ? Math.ceil(o.inW / stride) : Math.ceil((o.inW - o.filterW + 1) / stride);
  // tfjs's 'same': the total padding split with the extra row/column at the bottom/right.
  const padTop = same ? Math.floor(Math.max(0, (outH - 1) * stride + o.filterH - o.inH) / 2) : 0;
  const padLeft = same ? Math.floor(Math.max(0, (outW - 1) * stride + o.filterW - o.inW) / 2) : 0;
  return { ...o, outH, outW, strideH: stride, strideW: stride, padTop, padLeft } as FilterGradShape;
};

describe('Conv2DBackpropFilter (WGSL) index math', () => {
  const cases: Array<[string, FilterGradShape]> = [
    ['odd sizes, same, stride 1', shape({ batch: 3, inH: 9, inW: 11, inC: 5, outC: 7, filterH: 5, filterW: 3 })],
    ['wide filter, valid, stride 2 (one chunk)', shape({ batch: 2, inH: 7, inW: 7, inC: 40, outC: 33, filterH: 5, filterW: 5 }, 2, false)],
    ['stride 2, same, non-square filter', shape({ batch: 4, inH: 13, inW: 10, inC: 3, outC: 6, filterH: 3, filterW: 4 }, 2)],
    ['conv1 of LeNet++ at batch 3', shape({ batch: 3, inH: 28, inW: 28, inC: 1, outC: 16, filterH: 5, filterW: 5 })],
  ];
  it.each(cases)('%s: the tiled first pass and the sum equal the plain sum', (_name, s) => {
    const x = noise(s.batch * s.inH * s.inW * s.inC, 1);
    const dy = noise(s.batch * s.outH * s.outW * s.outC, 2);
    const p = planFilterGrad(s);
    const got = sumPartialsReference(filterGradPartialsReference(x, dy, s, p), p.splits, p.K * p.N);
    expect(maxRel(got, naiveFilterGrad(x, dy, s))).toBeLessThan(1e-5);
  });

  it('plans chunks that cover every row once, in multiples of the tile', () => {
    for (const [, s] of cases) {
      const p = planFilterGrad(s);
      expect(p.chunk % TILE).toBe(0);
      expect(p.splits * p.chunk).toBeGreaterThanOrEqual(p.R);
      expect((p.splits - 1) * p.chunk).toBeLessThan(p.R);
    }
    // Few outputs, a long reduction: split into many chunks; many outputs: one pass.
    expect(planFilterGrad(shape({ batch: 128, inH: 28, inW: 28, inC: 1, outC: 32, filterH: 5, filterW: 5 })).splits).toBeGreaterThan(100);
    const big = planFilterGrad(shape({ batch: 128, inH: 7, inW: 7, inC: 128, outC: 128, filterH: 5, filterW: 5 }));
    expect(big.splits).toBe(1);
    expect(big.tilesK * big.tilesN).toBeGreaterThanOrEqual(TARGET_WORKGROUPS);
  });
});

describe('BiasPreluGrad (WGSL) index math', () => {
  it.each([[[3, 5, 7, 6]], [[129, 2]], [[2, 300, 1]], [[1, 1]]])('shape %j: partials and their sums give dbias and da', (dims) => {
    const C = dims.at(-1)!;
    const n = dims.reduce((a, b) => a * b, 1);
    const u = noise(n, 3);
    const dy = noise(n, 4);
    const a = 0.25;
    const p = planPreluGrad(n, C);
    expect(p.splits * p.chunk).toBeGreaterThanOrEqual(p.rows);
    const { dbias, da } = preluGradReduceReference(preluGradPartialsReference(dy, u, a, p), p);
    const wantBias = new Float64Array(C);
    let wantA = 0;
    for (let i = 0; i < n; i++) {
      const g = u[i]! > 0 ? dy[i]! : a * dy[i]!;
      wantBias[i % C]! += g;
      if (!(u[i]! > 0)) wantA += u[i]! * dy[i]!;
    }
    expect(maxRel(dbias, wantBias)).toBeLessThan(1e-5);
    expect(Math.abs(da - wantA) / Math.max(1e-12, Math.abs(wantA))).toBeLessThan(1e-5);
  });
});

describe('GatherMnistImages packing', () => {
  it('every byte comes back from its word, for any image and pixel', () => {
    const r = createRng(5);
    const P = 784;
    const pixels = Uint8Array.from({ length: 5 * P }, () => r.int(256));
    const packed = packPixels(pixels);
    for (const img of [0, 1, 4]) for (const px of [0, 1, 2, 3, 4, 391, 783]) expect(unpackedPixel(packed, P, img, px)).toBe(pixels[img * P + px]);
    expect(() => packPixels(new Uint8Array(6))).toThrow(/multiple of 4/);
  });
});
