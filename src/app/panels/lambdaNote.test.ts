import { describe, expect, it } from 'vitest';
import { LAMBDA_NOTE_STEPS, lambdaNote, quickLambdaWords } from './lambdaNote';

describe('the note after a λ change', () => {
  const markers = [{ step: 40, keys: 'lambda', label: 'λ = 1' }, { step: 120, keys: 'alpha,lambda', label: 'α = 0.3, λ = 10' }, { step: 150, keys: 'lr', label: 'lr = 0.01' }];

  it('names the latest λ and its step, and says the shape takes steps to respond', () => {
    expect(lambdaNote(markers, 160)).toBe('λ = 10 from step 120: the numbers answer at once, but the features move a little at each step, so watch the clusters change shape over the next ~100 steps.');
  });

  it('is gone once the shape has had its steps, and before any λ change', () => {
    expect(lambdaNote(markers, 120 + LAMBDA_NOTE_STEPS - 1)).not.toBeNull();
    expect(lambdaNote(markers, 120 + LAMBDA_NOTE_STEPS)).toBeNull();
    expect(lambdaNote([{ step: 150, keys: 'lr', label: 'lr = 0.01' }], 160)).toBeNull();
    expect(lambdaNote([], 0)).toBeNull();
  });
});

describe('the quick-lesson note on center loss', () => {
  it('says on at λ > 0 and off at λ = 0, never "switched on (λ = 0)"', () => {
    expect(quickLambdaWords(true, 0.05)).toBe('On the right, center loss is switched on (λ = 0.05); the left panel is that start, kept as it was: softmax only, not trained further.');
    expect(quickLambdaWords(false, 0.05)).toBe('Center loss is switched on (λ = 0.05).');
    for (const multi of [true, false]) {
      expect(quickLambdaWords(multi, 0)).toContain('switched off (λ = 0)');
      expect(quickLambdaWords(multi, 0)).not.toContain('switched on');
    }
  });
});
