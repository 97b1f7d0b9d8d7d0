/**
 * tfjs-webgl 4.22 got `fc2.weight`'s gradient wrong at batch 1 (shared dimension 1; bench/README.md → Fixed: tfjs-webgl's
 * matmul). Its packed BatchMatMul reads 2 × 2 texels, so at an odd shared dimension the last texel's padding half enters
 * the sum, and that half is not always zero. This wrapper pads an odd shared dimension with one explicit zero first and
 * leaves every other call to tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { KernelRegistry } from './kernelRegistry';

const registry = new KernelRegistry('webgl');

type Paddings = Array<[number, number]>;

/** Paddings that add one zero after the given axis. */
export function onePastAxis(rank: number, axis: number): Paddings {
  return Array.from({ length: rank }, (_, k): [number, number] => (k === axis ? [0, 1] : [0, 0]));
}

/** The shared dimension's axis in a and in b, as BatchMatMul's transpose attributes place it. */
export function sharedAxes(rankA: number, rankB: number, transposeA: boolean, transposeB: boolean): { a: number; b: number } {
  return { a: transposeA ? rankA - 2 : rankA - 1, b: transposeB ? rankB - 1 : rankB - 2 };
}

/** Idempotent; a no-op where tfjs-backend-webgl is not loaded. */
export function registerWebGlTrainingKernels(): void {
  const pad = tf.getKernel('PadV2', 'webgl')?.kernelFunc;
  if (pad) registry.wrap('BatchMatMul', (native) => matMulWithEvenSharedDim(native.kernelFunc, pad));
}

function matMulWithEvenSharedDim(matMul: KernelFunc, pad: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const axes = sharedAxes(a.shape.length, b.shape.length, transposeA, transposeB);
    if (a.shape[axes.a]! % 2 === 0) return matMul({ inputs, backend, attrs });
    const padded = (x: TensorInfo, axis: number) => pad({ inputs: { x }, backend, attrs: { paddings: onePastAxis(x.shape.length, axis), constantValue: 0 } }) as TensorInfo;
    const pa = padded(a, axes.a);
    const pb = padded(b, axes.b);
    const out = matMul({ inputs: { a: pa, b: pb }, backend, attrs });
    const gl = backend as unknown as { disposeIntermediateTensorInfo(t: TensorInfo): void };
    gl.disposeIntermediateTensorInfo(pa);
    gl.disposeIntermediateTensorInfo(pb);
    return out;
  };
}
