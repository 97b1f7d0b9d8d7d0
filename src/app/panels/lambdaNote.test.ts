import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../ml/config';
import { runInfos } from '../../workers/runs';
import { LAMBDA_NOTE_STEPS, lambdaNote, quickLessonWords } from './lambdaNote';

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

describe('the quick-lesson note on the loss trained', () => {
  const center = (lambda: number) => ({ loss: 'center' as const, lambda });
  it('says on at λ > 0 and off at λ = 0, never "switched on (λ = 0)"', () => {
    expect(quickLessonWords([center(0), center(0.05)], true)).toBe('On the right, center loss is switched on (λ = 0.05); the left panel is that start, kept as it was: softmax only, not trained further.');
    expect(quickLessonWords([center(0.05)], false)).toBe('Center loss is switched on (λ = 0.05).');
    for (const runs of [[center(0), center(0)], [center(0)]]) {
      expect(quickLessonWords(runs, true)).toContain('switched off (λ = 0)');
      expect(quickLessonWords(runs, true)).not.toContain('switched on');
    }
  });

  it('with #quick=1&loss=arcface it speaks of ArcFace, not of center loss or its λ', () => {
    const runs = runInfos(presetConfig('quick', { compare: true, hyper: { loss: 'arcface' } }));
    expect(runs.map((r) => r.loss)).toEqual(['softmax', 'arcface']);
    const words = quickLessonWords(runs, true);
    expect(words).toBe('On the right, ArcFace trains on from that start; the left panel is that start, kept as it was: softmax only, not trained further.');
    expect(words).not.toMatch(/center loss|λ/i);
    expect(quickLessonWords([{ loss: 'cosface', lambda: 0 }], false)).toBe('CosFace trains on from it.');
  });

  it('where every panel trains (runs=…), it does not say the left one is kept as it was', () => {
    const words = quickLessonWords([{ loss: 'softmax', lambda: 0 }, center(1), { loss: 'arcface', lambda: 0 }], false);
    expect(words).toBe('Each panel trains on from that start with its own loss: Softmax, Center loss, ArcFace.');
  });
});
