/**
 * The parts of tfjs-backend-webgpu (4.22) that our WGSL kernels use, as types only: a program is an object
 * whose getUserCode() tfjs wraps with the bindings (output `result`, one read-only array per variable name)
 * and a `uniforms` struct holding every input's shape and the program's own fields.
 *
 * No runtime import of tfjs-backend-webgpu: these files also load in Node, where it cannot start.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';

export interface WgslProgram {
  variableNames: string[];
  outputShape: number[];
  /** Unique per shader source: tfjs appends ranks and dtypes and caches the compiled pipeline under it. */
  shaderKey: string;
  workgroupSize: [number, number, number];
  dispatch: [number, number, number];
  /** { x: all output axes } makes tfjs call main(flat index); anything with y or z calls main(). */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  /** Extra uniform fields, WGSL struct syntax ("name : i32, other : vec2<i32>,"). */
  uniforms?: string;
  /** Adds uniforms.size (the output's element count). */
  size?: boolean;
  getUserCode: () => string;
}

export type UniformData = Array<{ type: 'int32' | 'float32' | 'uint32'; data: number[] }>;

export interface WebGpuBackendLike {
  runWebGPUProgram(program: WgslProgram, inputs: TensorInfo[], outputDtype: DataType, uniforms?: UniformData): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  device: { limits: { maxComputeWorkgroupsPerDimension: number } };
}

export function isWebGpuBackend(b: unknown): b is WebGpuBackendLike {
  const o = b as Partial<WebGpuBackendLike> | null;
  return o != null && typeof o.runWebGPUProgram === 'function' && typeof o.disposeData === 'function';
}

/** The tfjs backend our WGSL kernels are registered for. */
export const WEBGPU = 'webgpu';

/** A flat program of `count` invocations in workgroups of `wg`: main(index) runs once per invocation index. */
export function flatProgram(p: Omit<WgslProgram, 'dispatch' | 'dispatchLayout' | 'workgroupSize'> & { count: number; wg?: number }): WgslProgram {
  const wg = p.wg ?? 64;
  const { count, ...rest } = p;
  return { ...rest, workgroupSize: [wg, 1, 1], dispatchLayout: { x: p.outputShape.map((_, i) => i) }, dispatch: [Math.ceil(count / wg), 1, 1] };
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
