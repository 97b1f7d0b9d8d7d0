import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../ml/backend';
import { defaultEvalSize } from './evalSize';

describe('the default eval size', () => {
  const wasm = chooseBackend('wasm', { webgpu: null, webgl: null, wasm: true });
  it('keeps 1,000 digits a run on wasm for one or two runs, and about 2,000 in all beyond', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => defaultEvalSize(wasm, n))).toEqual([500, 500, 300, 200, 200, 100]);
  });
  it('is smaller on plain JavaScript', () => {
    expect(defaultEvalSize(chooseBackend('cpu', { webgpu: null, webgl: null, wasm: true }), 1)).toBe(300);
  });
});
