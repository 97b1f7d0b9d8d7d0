import { describe, expect, it } from 'vitest';
import { aboutSeconds, LESSON_MEASURED, lessonReached, lessonSecondsLeft, lessonSteps } from './lessonEta';

describe('the lesson by shape, and how soon it shows', () => {
  // The shipped softmax start (shape.py): 95.7%, elongation 3.27, within/between 0.1165.
  const start = { testAccuracy: 0.957, elongation: 3.27, withinBetween: 0.1165 };

  it('is not reached by spokes, however compact their within/between, nor by round clusters below 93% accuracy', () => {
    expect(lessonReached(start, start.withinBetween)).toBe(false);
    expect(lessonReached({ ...start, withinBetween: 0.05 }, start.withinBetween)).toBe(false);
    expect(lessonReached({ testAccuracy: 0.92, elongation: 1.8, withinBetween: 0.06 }, start.withinBetween)).toBe(false);
  });

  it('is reached by round clusters at 0.6× the softmax twin’s within/between or less, judged against that twin', () => {
    const round = { testAccuracy: 0.94, elongation: 1.9, withinBetween: 0.068 };
    expect(lessonReached(round, start.withinBetween)).toBe(true);
    // The same figures beside a twin whose classes are tighter: not 0.6× of its within/between.
    expect(lessonReached(round, 0.1)).toBe(false);
  });

  it('counts steps from the softmax start whatever the batch, and images from scratch', () => {
    const q = LESSON_MEASURED.quick!;
    expect(lessonSteps('quick', q.batch)).toBe(q.steps);
    expect(lessonSteps('quick', 4 * q.batch)).toBe(q.steps);
    const f = LESSON_MEASURED.fast!;
    expect(lessonSteps('fast', f.batch)).toBe(f.steps);
    expect(lessonSteps('fast', f.batch / 4)).toBe(4 * f.steps);
    expect(lessonSteps('reference', 128)).toBeNull();
  });

  it('says the seconds left at the measured speed, and nothing once past or without a speed', () => {
    const q = LESSON_MEASURED.quick!;
    expect(lessonSecondsLeft('quick', q.batch, 0, 20)).toBeCloseTo(q.steps / 20);
    expect(lessonSecondsLeft('quick', q.batch, q.steps, 20)).toBeNull();
    expect(lessonSecondsLeft('quick', q.batch, 0, null)).toBeNull();
  });

  it('says the time in words a header can show: never "2 min 60 s"', () => {
    expect(aboutSeconds(3)).toBe('about 5 s');
    expect(aboutSeconds(14)).toBe('about 15 s');
    expect(aboutSeconds(100)).toBe('about 1 min 40 s');
    expect(aboutSeconds(179)).toBe('about 3 min');
    for (let s = 60; s < 600; s++) expect(aboutSeconds(s), String(s)).not.toMatch(/ 60 s$/);
  });
});
