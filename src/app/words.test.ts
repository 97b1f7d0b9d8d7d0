import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../ml/backend';
import { backendReason, backendSentence, errorDetail, errorMessage, fallbackMessage, lessonLoss } from './words';

describe('the page words the worker’s codes', () => {
  it('says why a backend was chosen, from what the probe saw', () => {
    const sw = chooseBackend('auto', { webgpu: { adapter: 'google swiftshader', isFallbackAdapter: true }, webgl: { renderer: 'ANGLE (SwiftShader)', software: true }, wasm: true });
    expect(backendReason(sw)).toBe('WebGPU adapter "google swiftshader" is a fallback (software) adapter and WebGL renders in software (ANGLE (SwiftShader)): training on WASM (CPU)');
    expect(backendReason(chooseBackend('auto', { webgpu: null, webgl: null, wasm: false }))).toBe('No WebGPU adapter, no WebGL and no WebAssembly: training on plain JavaScript');
    expect(backendReason(chooseBackend('webgl', { webgpu: null, webgl: null, wasm: true }))).toBe('WebGL was chosen in the settings');
  });

  it('says the backend to a newcomer in one plain sentence, the detail kept for a click', () => {
    const sw = chooseBackend('auto', { webgpu: { adapter: 'google swiftshader', isFallbackAdapter: true }, webgl: { renderer: 'ANGLE (SwiftShader)', software: true }, wasm: true });
    expect(backendSentence({ ...sw, variant: 'slim' })).toBe('No hardware GPU here: training on the CPU with the smaller model.');
    expect(backendSentence({ ...sw, variant: 'full' })).toBe('No hardware GPU here: training on the CPU with the full model.');
    expect(backendSentence({ ...chooseBackend('webgl', { webgpu: null, webgl: null, wasm: true }), variant: 'slim' })).toBe('Training on WebGL, as chosen in the settings, with the smaller model.');
  });

  it('words errors and fallbacks', () => {
    // A file's problem in plain words; the schema's detail goes below it, not into the sentence.
    expect(errorMessage('invalid-file', 'tensors.fc1.weight.shape: expected [2, 576]')).toBe('This weights file was not loaded: it is damaged, or was written for another model or version. The current model is unchanged.');
    expect(errorMessage('not-weights-file', 'model: Invalid input: expected object, received undefined')).not.toContain('Invalid input');
    expect(errorDetail('not-weights-file', 'model: Invalid input: expected object, received undefined')).toBe('model: Invalid input: expected object, received undefined');
    expect(errorDetail('invalid-save', 'run 0: bad')).toBeUndefined();
    expect(errorMessage('nothing-to-export', '')).toBe('No model to export yet.');
    expect(fallbackMessage({ type: 'fallback', from: 'webgpu', to: 'webgl', reason: 'device lost', resumedStep: 40, replayed: 1 })).toBe('The GPU device was lost (device lost). Training continues on WebGL at step 40, every run (1 step recomputed).');
    expect(errorMessage('invalid-save', 'run 0: params fc1.bias has 3 values where [2] needs 2')).toBe('The saved run could not be resumed (run 0: params fc1.bias has 3 values where [2] needs 2); it was discarded.');
  });

  it('says what the lesson loses without a GPU, and nothing with one', () => {
    expect(lessonLoss({ why: 'software-gpu', variant: 'slim' })).toMatch(/^Without a GPU the lesson trains the slim LeNet\+\+ .*an epoch takes minutes, not seconds$/);
    expect(lessonLoss({ why: 'no-wasm', variant: 'slim' })).toMatch(/plain JavaScript/);
    expect(lessonLoss({ why: 'webgpu-real', variant: 'full' })).toBeNull();
    expect(lessonLoss({ why: 'webgl-real', variant: 'full' })).toBeNull();
  });
});
