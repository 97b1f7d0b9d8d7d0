import { describe, expect, it } from 'vitest';
import { chooseBackend, computeThreads, fallbackAfter, resolveVariant, type BackendProbe } from './backend';
import { wasmThreadsFor, wasmThreadsPerRun } from './threads';

const realGpu: BackendProbe = { webgpu: { adapter: 'nvidia hopper', isFallbackAdapter: false }, webgl: { renderer: 'NVIDIA H100', software: false }, wasm: true };
const softwareOnly: BackendProbe = { webgpu: { adapter: 'google swiftshader', isFallbackAdapter: true }, webgl: { renderer: 'ANGLE (SwiftShader)', software: true }, wasm: true };

describe('backend choice', () => {
  it('takes webgpu on a real adapter and the full model there', () => {
    const d = chooseBackend('auto', realGpu);
    expect(d).toMatchObject({ backend: 'webgpu', realGpu: true, adapter: 'nvidia hopper' });
    expect(resolveVariant('auto', d)).toBe('full');
  });

  it('takes webgl on a real GPU when the WebGPU adapter is a fallback', () => {
    const d = chooseBackend('auto', { ...realGpu, webgpu: { adapter: 'swiftshader', isFallbackAdapter: true } });
    expect(d.backend).toBe('webgl');
    expect(d).toMatchObject({ why: 'webgl-real', seen: { webgpu: 'swiftshader', webgpuFallback: true } });
  });

  it('takes wasm and the slim model on a software GPU, and says why', () => {
    const d = chooseBackend('auto', softwareOnly);
    expect(d).toMatchObject({ backend: 'wasm', realGpu: false });
    expect(d).toMatchObject({ why: 'software-gpu', seen: { webgpuFallback: true, webglSoftware: true, webgl: 'ANGLE (SwiftShader)' } });
    expect(resolveVariant('auto', d)).toBe('slim');
  });

  it('lets the setting override the choice', () => {
    expect(chooseBackend('webgpu', softwareOnly)).toMatchObject({ backend: 'webgpu', realGpu: false });
    expect(chooseBackend('cpu', realGpu)).toMatchObject({ backend: 'cpu', realGpu: false });
  });

  it('never falls back to a GPU after losing one', () => {
    expect(fallbackAfter('webgpu', realGpu)).toBe('webgl');
    expect(fallbackAfter('webgpu', softwareOnly)).toBe('wasm');
    expect(fallbackAfter('wasm', softwareOnly)).toBe('cpu');
  });
});

describe('wasm threads', () => {
  it('uses both cores of a 2-core machine and half of a hyper-threaded one, at most 8', () => {
    expect([1, 2, 4, 8, 12, 32].map(wasmThreadsFor)).toEqual([1, 2, 2, 4, 6, 8]);
    expect(wasmThreadsFor(Number.NaN)).toBe(1);
  });

  it('splits them between runs side by side, one each at least', () => {
    expect([1, 2, 3, 5].map((runs) => wasmThreadsPerRun(2, runs))).toEqual([2, 1, 1, 1]);
    expect([1, 2, 3].map((runs) => wasmThreadsPerRun(8, runs))).toEqual([4, 2, 1]);
    expect(wasmThreadsPerRun(16, 2)).toBe(4);
  });

  it('reports one thread for the backends that do not use the pool', () => {
    expect(computeThreads('cpu')).toBe(1);
    expect(computeThreads('webgpu')).toBe(1);
  });
});
