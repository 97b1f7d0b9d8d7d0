/**
 * y = prelu(z + bias, a) and its gradient as WGSL kernels, for the fused op in ../biasPrelu.ts.
 * Forward (BiasPrelu): one elementwise pass instead of Add + Prelu.
 * Gradient (BiasPreluGrad, the name wasm's kernel has): inputs dy, alpha and either u = z + bias (as on wasm)
 * or z and bias (from the fused forward, which never writes u). Four passes instead of about ten:
 *  1. du = dy where u > 0, else a·dy;
 *  2. per chunk of rows s and channel c: Σ du and Σ_{u ≤ 0} u·dy, [S, 2C];
 *  3. dbias[c] = Σ_s of the first half, one workgroup per channel;
 *  4. da = Σ_{s, c} of the second half, one workgroup.
 * All sums run in float32 in a fixed order (tree within a workgroup).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BIAS_PRELU_GRAD } from './wasmBiasPreluGrad';
import { flatProgram, isWebGpuBackend, sizeOf, WEBGPU, type WgslProgram } from './webgpuProgram';

export const BIAS_PRELU = 'BiasPrelu';
/** Invocations the partial sums aim for. */
export const TARGET_INVOCATIONS = 16384;
const REDUCE_WG = 64;

export interface PreluGradPlan {
  rows: number;
  channels: number;
  /** Row chunks S, of `chunk` rows each (the last may be shorter). */
  splits: number;
  chunk: number;
}

export function planPreluGrad(size: number, channels: number): PreluGradPlan {
  const rows = size / channels;
  const wanted = Math.min(rows, Math.max(1, Math.ceil(TARGET_INVOCATIONS / channels)));
  const chunk = Math.ceil(rows / wanted);
  return { rows, channels, splits: Math.ceil(rows / chunk), chunk };
}

/** Pass 2 in JS, invocation for invocation: the reference the unit test checks the index math with. [S, 2C]. */
export function preluGradPartialsReference(dy: Float32Array, u: Float32Array, a: number, p: PreluGradPlan): Float32Array {
  const C = p.channels;
  const out = new Float32Array(p.splits * 2 * C);
  for (let j = 0; j < p.splits * C; j++) {
    const c = j % C;
    const s = (j - c) / C;
    let sb = 0;
    let sa = 0;
    for (let r = s * p.chunk; r < Math.min(p.rows, (s + 1) * p.chunk); r++) {
      const i = r * C + c;
      const x = u[i]!;
      const d = dy[i]!;
      if (x > 0) sb = Math.fround(sb + d);
      else {
        sb = Math.fround(sb + Math.fround(a * d));
        sa = Math.fround(sa + Math.fround(x * d));
      }
    }
    out[s * 2 * C + c] = sb;
    out[s * 2 * C + C + c] = sa;
  }
  return out;
}

/** Passes 3 and 4 in JS: which partials each workgroup sums (the order of the tree is not modelled). */
export function preluGradReduceReference(partials: Float32Array, p: PreluGradPlan): { dbias: Float64Array; da: number } {
  const C = p.channels;
  const dbias = new Float64Array(C);
  let da = 0;
  for (let c = 0; c < C; c++) for (let s = 0; s < p.splits; s++) dbias[c]! += partials[s * 2 * C + c]!;
  for (let j = 0; j < p.splits * C; j++) da += partials[Math.floor(j / C) * 2 * C + C + (j % C)]!;
  return { dbias, da };
}

/** The pre-activation u in WGSL, from u itself or from z + bias. */
const preAct = (withBias: boolean, i: string, c: string) => (withBias ? `(z[${i}] + bias[${c}])` : `u[${i}]`);

function forwardProgram(shape: number[]): WgslProgram {
  return flatProgram({
    variableNames: ['z', 'bias', 'alpha'],
    outputShape: shape,
    shaderKey: 'clBiasPrelu',
    size: true,
    count: sizeOf(shape),
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let v = z[index] + bias[index % uniforms.biasShape];
          result[index] = select(v, alpha[0] * v, v < 0.0);
        }
      }`,
  });
}

function duProgram(shape: number[], withBias: boolean): WgslProgram {
  return flatProgram({
    variableNames: withBias ? ['dy', 'z', 'bias', 'alpha'] : ['dy', 'u', 'alpha'],
    outputShape: shape,
    shaderKey: `clBiasPreluGradDu${withBias ? 'B' : 'U'}`,
    size: true,
    count: sizeOf(shape),
    uniforms: 'channels : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let v = ${preAct(withBias, 'index', 'index % uniforms.channels')};
          let d = dy[index];
          result[index] = select(alpha[0] * d, d, v > 0.0);
        }
      }`,
  });
}

function partialsProgram(p: PreluGradPlan, withBias: boolean): WgslProgram {
  return flatProgram({
    variableNames: withBias ? ['dy', 'z', 'bias', 'alpha'] : ['dy', 'u', 'alpha'],
    outputShape: [p.splits, 2 * p.channels],
    shaderKey: `clBiasPreluGradPartials${withBias ? 'B' : 'U'}`,
    count: p.splits * p.channels,
    uniforms: 'rows : i32, channels : i32, chunk : i32, splits : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        let C = uniforms.channels;
        if (index < uniforms.splits * C) {
          let c = index % C;
          let s = index / C;
          let a = alpha[0];
          var sb = 0.0;
          var sa = 0.0;
          let rEnd = min(uniforms.rows, (s + 1) * uniforms.chunk);
          for (var r = s * uniforms.chunk; r < rEnd; r++) {
            let i = r * C + c;
            let v = ${preAct(withBias, 'i', 'c')};
            let d = dy[i];
            if (v > 0.0) {
              sb = sb + d;
            } else {
              sb = sb + a * d;
              sa = sa + v * d;
            }
          }
          result[s * 2 * C + c] = sb;
          result[s * 2 * C + C + c] = sa;
        }
      }`,
  });
}

/** One workgroup per output: its invocations stride over the summands, then a tree in workgroup memory. */
function reduceProgram(p: PreluGradPlan, which: 'bias' | 'alpha'): WgslProgram {
  const outputs = which === 'bias' ? p.channels : 1;
  const count = which === 'bias' ? 'uniforms.splits' : 'uniforms.splits * uniforms.channels';
  const at = which === 'bias' ? 'j * 2 * C + g' : '(j / C) * 2 * C + C + j % C';
  const prog = flatProgram({
    variableNames: ['partials'],
    outputShape: [outputs],
    shaderKey: `clBiasPreluGradReduce_${which}`,
    count: outputs * REDUCE_WG,
    wg: REDUCE_WG,
    uniforms: 'channels : i32, splits : i32,',
    getUserCode: () => `
      var<workgroup> acc : array<f32, ${REDUCE_WG}>;
      fn main(index : i32) {
        let C = uniforms.channels;
        let t = i32(localId.x);
        let g = index / ${REDUCE_WG};
        var v = 0.0;
        for (var j = t; j < ${count}; j += ${REDUCE_WG}) {
          v = v + partials[${at}];
        }
        acc[t] = v;
        workgroupBarrier();
        for (var w = ${REDUCE_WG / 2}; w > 0; w = w / 2) {
          if (t < w) {
            acc[t] = acc[t] + acc[t + w];
          }
          workgroupBarrier();
        }
        if (t == 0) {
          result[g] = acc[0];
        }
      }`,
  });
  return prog;
}

interface GradInputs {
  dy?: TensorInfo;
  u?: TensorInfo;
  z?: TensorInfo;
  bias?: TensorInfo;
  alpha?: TensorInfo;
}

const biasPreluWebGpu: KernelFunc = ({ inputs, backend }) => {
  const { z, bias, alpha } = inputs as GradInputs;
  if (!z || !bias || !alpha) throw new Error(`${BIAS_PRELU} (webgpu): needs inputs z, bias and alpha`);
  if (!isWebGpuBackend(backend)) throw new Error(`${BIAS_PRELU} (webgpu): called with a backend that is not tfjs-backend-webgpu`);
  checkShapes(BIAS_PRELU, z, alpha, bias);
  return backend.runWebGPUProgram(forwardProgram([...z.shape]), [z, bias, alpha], 'float32');
};

function checkShapes(kernel: string, x: TensorInfo, alpha: TensorInfo, bias?: TensorInfo): void {
  const C = x.shape.at(-1) ?? 0;
  if (x.shape.length < 2 || C === 0) throw new Error(`${kernel} (webgpu): input [${x.shape.join(', ')}] must be rank ≥ 2, channels last`);
  if (sizeOf(alpha.shape) !== 1) throw new Error(`${kernel} (webgpu): the slope must be a single value, got shape [${alpha.shape.join(', ')}]`);
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== C)) throw new Error(`${kernel} (webgpu): bias [${bias.shape.join(', ')}] must be [${C}]`);
}

const biasPreluGradWebGpu: KernelFunc = ({ inputs, backend }) => {
  const { dy, u, z, bias, alpha } = inputs as GradInputs;
  const x = u ?? z;
  const withBias = !u;
  if (!dy || !x || !alpha || (withBias && !bias)) throw new Error(`${BIAS_PRELU_GRAD} (webgpu): needs inputs dy, alpha and u, or z and bias`);
  if (!isWebGpuBackend(backend)) throw new Error(`${BIAS_PRELU_GRAD} (webgpu): called with a backend that is not tfjs-backend-webgpu`);
  checkShapes(BIAS_PRELU_GRAD, x, alpha, withBias ? bias : undefined);
  if (dy.shape.join() !== x.shape.join()) throw new Error(`${BIAS_PRELU_GRAD} (webgpu): dy [${dy.shape.join(', ')}] and [${x.shape.join(', ')}] differ`);
  const C = x.shape.at(-1)!;
  const p = planPreluGrad(sizeOf(x.shape), C);
  const ins = withBias ? [dy, x, bias!, alpha] : [dy, x, alpha];
  const du = backend.runWebGPUProgram(duProgram([...x.shape], withBias), ins, 'float32', [{ type: 'int32', data: [C] }]);
  const partials = backend.runWebGPUProgram(partialsProgram(p, withBias), ins, 'float32', [
    { type: 'int32', data: [p.rows] },
    { type: 'int32', data: [C] },
    { type: 'int32', data: [p.chunk] },
    { type: 'int32', data: [p.splits] },
  ]);
  const reduceUniforms = [
    { type: 'int32' as const, data: [C] },
    { type: 'int32' as const, data: [p.splits] },
  ];
  const dbias = backend.runWebGPUProgram(reduceProgram(p, 'bias'), [partials], 'float32', reduceUniforms);
  const dalpha1 = backend.runWebGPUProgram(reduceProgram(p, 'alpha'), [partials], 'float32', reduceUniforms);
  backend.disposeData(partials.dataId);
  // The slope's gradient takes the slope's shape ([1] in LeNet++); same data, no copy.
  const dalpha = { ...dalpha1, shape: [...alpha.shape] };
  return [du, dbias, dalpha];
};

export const biasPreluWebGpuConfig: KernelConfig = { kernelName: BIAS_PRELU, backendName: WEBGPU, kernelFunc: biasPreluWebGpu };
export const biasPreluGradWebGpuConfig: KernelConfig = { kernelName: BIAS_PRELU_GRAD, backendName: WEBGPU, kernelFunc: biasPreluGradWebGpu };
