/** The resume offer's one line: what a teacher needs to recognise the saved run. */
import { describe, expect, it } from 'vitest';
import { modelSpec } from './architecture';
import { presetConfig } from './config';
import { describeSave } from './savedSession';

describe('describeSave', () => {
  it('names the step, model, λ and seed', () => {
    expect(describeSave({ step: 1040, model: modelSpec('slim', true), config: presetConfig('fast') })).toBe('step 1040 · slim · λ 1 · seed 1');
  });

  it('names the held-out digit', () => {
    expect(describeSave({ step: 1040, model: modelSpec('slim', true), config: presetConfig('fast', { heldOutClass: 9 }) })).toBe('step 1040 · slim · λ 1 · seed 1 · digit 9 held out');
  });

  it('names a dataset other than MNIST and an optimizer other than SGD', () => {
    const config = presetConfig('fast', { hyper: { optimizer: 'adamw' } });
    const dataset = { id: 'fashion-mnist', name: 'Fashion-MNIST' };
    expect(describeSave({ step: 12, model: modelSpec('slim', true), config, dataset })).toBe('step 12 · slim · Fashion-MNIST · λ 1 · seed 1 · adamw');
    expect(describeSave({ step: 12, model: modelSpec('slim', true), config: presetConfig('fast'), dataset: { id: 'mnist', name: 'MNIST' } })).toBe('step 12 · slim · λ 1 · seed 1');
  });
});
