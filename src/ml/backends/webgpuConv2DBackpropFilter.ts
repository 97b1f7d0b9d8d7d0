/**
 * Conv2DBackpropFilter for tfjs-webgpu (NHWC, dilation 1), parallel over the reduction.
 *
 * dW[k, n] = Σ_r A[r, k] · dY[r, n] with k = (fh, fw, ci), n = co and r = (b, oh, ow): a matrix product whose
 * inner dimension (batch × output pixels, 100,352 for conv1 at batch 128) dwarfs its outputs (800). tfjs's
 * kernel gives each output one invocation that loops over all of r; here a workgroup of 16 × 16 invocations
 * owns a 16 × 16 tile of dW and one chunk of r (tiles of A and dY staged in workgroup memory), and a second
 * pass sums the chunks. With one chunk the first pass writes dW directly. Other layouts go to tfjs's kernel.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { flatProgram, isWebGpuBackend, sizeOf, WEBGPU, type UniformData, type WgslProgram } from './webgpuProgram';

export const TILE = 16;
/** Workgroups the first pass aims for: enough to fill a large GPU, few enough that the partials stay small. */
export const TARGET_WORKGROUPS = 512;

export interface FilterGradShape {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

export interface FilterGradPlan {
  /** filterH · filterW · inC. */
  K: number;
  /** outC. */
  N: number;
  /** batch · outH · outW. */
  R: number;
  tilesK: number;
  tilesN: number;
  /** Chunks of r, each of `chunk` rows (a multiple of TILE); the last may be shorter. */
  splits: number;
  chunk: number;
}

export function planFilterGrad(s: FilterGradShape): FilterGradPlan {
  const K = s.filterH * s.filterW * s.inC;
  const N = s.outC;
  const R = s.batch * s.outH * s.outW;
  const tilesK = Math.ceil(K / TILE);
  const tilesN = Math.ceil(N / TILE);
  const rTiles = Math.max(1, Math.ceil(R / TILE));
  const wanted = Math.min(rTiles, Math.max(1, Math.ceil(TARGET_WORKGROUPS / (tilesK * tilesN))));
  const chunk = Math.ceil(rTiles / wanted) * TILE;
  return { K, N, R, tilesK, tilesN, splits: Math.ceil(R / chunk), chunk };
}

/**
 * The first pass, element for element as the shader computes it (same tiles, same order of sums), in JS:
 * the reference that the unit test checks the index math with. Returns [splits, K, N].
 */
export function filterGradPartialsReference(x: Float32Array, dy: Float32Array, s: FilterGradShape, p: FilterGradPlan): Float32Array {
  const out = new Float32Array(p.splits * p.K * p.N);
  const tileA = new Float32Array(TILE * TILE);
  const tileD = new Float32Array(TILE * TILE);
  for (let wz = 0; wz < p.splits; wz++)
    for (let wy = 0; wy < p.tilesK; wy++)
      for (let wx = 0; wx < p.tilesN; wx++) {
        const acc = new Float32Array(TILE * TILE);
        for (let t = 0; t < p.chunk / TILE; t++) {
          // Every invocation loads one element of each tile…
          for (let ty = 0; ty < TILE; ty++)
            for (let tx = 0; tx < TILE; tx++) {
              const { a, d } = loadElements(x, dy, s, p, wx, wy, wz, t, tx, ty);
              tileA[ty * TILE + tx] = a;
              tileD[ty * TILE + tx] = d;
            }
          // …then accumulates its output over the tile's rows.
          for (let ty = 0; ty < TILE; ty++)
            for (let tx = 0; tx < TILE; tx++) {
              let v = acc[ty * TILE + tx]!;
              for (let i = 0; i < TILE; i++) v = Math.fround(v + Math.fround(tileA[i * TILE + ty]! * tileD[i * TILE + tx]!));
              acc[ty * TILE + tx] = v;
            }
        }
        for (let ty = 0; ty < TILE; ty++)
          for (let tx = 0; tx < TILE; tx++) {
            const k = wy * TILE + ty;
            const n = wx * TILE + tx;
            if (k < p.K && n < p.N) out[(wz * p.K + k) * p.N + n] = acc[ty * TILE + tx]!;
          }
      }
  return out;
}

/** The loads of invocation (tx, ty) in workgroup (wx, wy, wz) at tile t: the index math of the shader. */
function loadElements(x: Float32Array, dy: Float32Array, s: FilterGradShape, p: FilterGradPlan, wx: number, wy: number, wz: number, t: number, tx: number, ty: number): { a: number; d: number } {
  const rEnd = Math.min(p.R, (wz + 1) * p.chunk);
  const r = wz * p.chunk + t * TILE + ty;
  const kl = wy * TILE + tx;
  const nl = wx * TILE + tx;
  let a = 0;
  let d = 0;
  if (r < rEnd) {
    const ow = r % s.outW;
    const q = (r - ow) / s.outW;
    const oh = q % s.outH;
    const b = (q - oh) / s.outH;
    if (kl < p.K) {
      const ci = kl % s.inC;
      const fw = ((kl - ci) / s.inC) % s.filterW;
      const fh = Math.floor(kl / (s.inC * s.filterW));
      const ih = oh * s.strideH - s.padTop + fh;
      const iw = ow * s.strideW - s.padLeft + fw;
      if (ih >= 0 && ih < s.inH && iw >= 0 && iw < s.inW) a = x[((b * s.inH + ih) * s.inW + iw) * s.inC + ci]!;
    }
    if (nl < p.N) d = dy[r * p.N + nl]!;
  }
  return { a, d };
}

/** The second pass in JS: dW[i] = Σ_s partials[s, i], in the shader's order. */
export function sumPartialsReference(partials: Float32Array, splits: number, size: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let v = 0;
    for (let z = 0; z < splits; z++) v = Math.fround(v + partials[z * size + i]!);
    out[i] = v;
  }
  return out;
}

const UNIFORMS = 'pad : vec2<i32>, stride : vec2<i32>, filterDims : vec2<i32>, kn : vec2<i32>, rows : i32, chunk : i32, chunkTiles : i32,';

function partialProgram(outputShape: number[]): WgslProgram {
  return {
    variableNames: ['x', 'dy'],
    outputShape,
    shaderKey: `clFilterGradPartial${TILE}`,
    workgroupSize: [TILE, TILE, 1],
    dispatch: [1, 1, 1],
    dispatchLayout: { x: [0], y: [1], z: [2] },
    uniforms: UNIFORMS,
    getUserCode: () => `
      var<workgroup> tileA : array<array<f32, ${TILE}>, ${TILE}>;
      var<workgroup> tileD : array<array<f32, ${TILE}>, ${TILE}>;
      fn main() {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let wz = i32(workgroupId.z);
        let K = uniforms.kn.x;
        let N = uniforms.kn.y;
        let inH = uniforms.xShape.y;
        let inW = uniforms.xShape.z;
        let inC = uniforms.xShape.w;
        let outH = uniforms.dyShape.y;
        let outW = uniforms.dyShape.z;
        let rEnd = min(uniforms.rows, (wz + 1) * uniforms.chunk);
        let kl = i32(workgroupId.y) * ${TILE} + tx;
        let nl = i32(workgroupId.x) * ${TILE} + tx;
        let ci = kl % inC;
        let fw = (kl / inC) % uniforms.filterDims.y;
        let fh = kl / (inC * uniforms.filterDims.y);
        var acc = 0.0;
        // The trip count is a uniform, so every invocation reaches the barriers.
        for (var t = 0; t < uniforms.chunkTiles; t++) {
          let r = wz * uniforms.chunk + t * ${TILE} + ty;
          var a = 0.0;
          var d = 0.0;
          if (r < rEnd) {
            let ow = r % outW;
            let q = r / outW;
            let oh = q % outH;
            let b = q / outH;
            if (kl < K) {
              let ih = oh * uniforms.stride.x - uniforms.pad.x + fh;
              let iw = ow * uniforms.stride.y - uniforms.pad.y + fw;
              if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
                a = x[((b * inH + ih) * inW + iw) * inC + ci];
              }
            }
            if (nl < N) {
              d = dy[r * N + nl];
            }
          }
          tileA[ty][tx] = a;
          tileD[ty][tx] = d;
          workgroupBarrier();
          for (var i = 0; i < ${TILE}; i++) {
            acc = acc + tileA[i][ty] * tileD[i][tx];
          }
          workgroupBarrier();
        }
        let k = i32(workgroupId.y) * ${TILE} + ty;
        let n = i32(workgroupId.x) * ${TILE} + tx;
        if (k < K && n < N) {
          result[(wz * K + k) * N + n] = acc;
        }
      }`,
  };
}

function sumProgram(outputShape: number[]): WgslProgram {
  return flatProgram({
    variableNames: ['partials'],
    outputShape,
    shaderKey: 'clFilterGradSum',
    size: true,
    count: sizeOf(outputShape),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let splits = uniforms.partialsShape.x;
          var v = 0.0;
          for (var z = 0; z < splits; z++) {
            v = v + partials[z * uniforms.size + index];
          }
          result[index] = v;
        }
      }`,
  });
}

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Wraps tfjs's own webgpu kernel, which still serves what this one does not (NCHW). */
export function conv2DBackpropFilterTiled(native: KernelConfig): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as Attrs;
    if (!isWebGpuBackend(backend) || a.dataFormat === 'NCHW' || x.dtype !== 'float32') return native.kernelFunc(args);
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const shape: FilterGradShape = {
      batch: info.batchSize,
      inH: info.inHeight,
      inW: info.inWidth,
      inC: info.inChannels,
      outH: info.outHeight,
      outW: info.outWidth,
      outC: info.outChannels,
      filterH: info.filterHeight,
      filterW: info.filterWidth,
      strideH: info.strideHeight,
      strideW: info.strideWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    };
    const p = planFilterGrad(shape);
    const uniforms: UniformData = [
      { type: 'int32', data: [shape.padTop, shape.padLeft] },
      { type: 'int32', data: [shape.strideH, shape.strideW] },
      { type: 'int32', data: [shape.filterH, shape.filterW] },
      { type: 'int32', data: [p.K, p.N] },
      { type: 'int32', data: [p.R] },
      { type: 'int32', data: [p.chunk] },
      { type: 'int32', data: [p.chunk / TILE] },
    ];
    const first = partialProgram(p.splits === 1 ? [...a.filterShape] : [p.splits, p.K, p.N]);
    first.dispatch = [p.tilesN, p.tilesK, p.splits];
    const partials = backend.runWebGPUProgram(first, [x, dy], 'float32', uniforms);
    if (p.splits === 1) return partials;
    const out = backend.runWebGPUProgram(sumProgram([...a.filterShape]), [partials], 'float32');
    backend.disposeData(partials.dataId);
    return out;
  };
}

export const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';
export { WEBGPU };
