/** The lesson, judged by shape, and how soon it shows: the steps each preset's λ > 0 run needs, as measured on the app's engine. */
import type { PresetName } from './config';

/**
 * The lesson a class can see: the λ > 0 run's test digits round (elongation ≤ 2.0) and compact against softmax alone
 * (within/between ≤ 0.6× the softmax-only run's) at ≥ 93% test accuracy, while the softmax-only run stays spokes (elongation ≥ 2.8).
 */
export const LESSON = { elongationMax: 2.0, twinFraction: 0.6, accuracyMin: 0.93, spokesMin: 2.8 } as const;

export interface LessonFigures {
  testAccuracy: number;
  elongation: number;
  withinBetween: number;
}

/** Whether a λ > 0 run's figures show the lesson beside its softmax-only twin's within/between. */
export function lessonReached(run: LessonFigures, twinWithinBetween: number): boolean {
  return run.elongation <= LESSON.elongationMax && run.withinBetween <= LESSON.twinFraction * twinWithinBetween && run.testAccuracy >= LESSON.accuracyMin;
}

export interface LessonMeasure {
  /** Steps to the lesson, the slowest of seeds 1-3, on the app's engine at `batch` (bench/README.md, "The lesson by shape"). */
  steps: number;
  batch: number;
  /** What carries over to another batch size: from scratch the images seen, from the softmax-trained start the steps taken. */
  counts: 'images' | 'steps';
}

/**
 * quick: 240, 200, 190 steps on seeds 1-3 in the engine with conv stages 1-2 fixed (lesson-shape.ts; PyTorch: 130-180);
 * fast: 335, 325, 318 steps on seeds 1-3 in the app (Chromium, wasm; PyTorch: 370-390), where accuracy ≥ 93% is the last to come.
 * null: not measured (the paper's slow recipes).
 */
export const LESSON_MEASURED: Record<PresetName, LessonMeasure | null> = {
  fast: { steps: 335, batch: 128, counts: 'images' },
  quick: { steps: 240, batch: 32, counts: 'steps' },
  reference: null,
  caffe: null,
};

/** Steps to the lesson at this batch size; null when not measured. */
export function lessonSteps(preset: PresetName, batch: number): number | null {
  const m = LESSON_MEASURED[preset];
  if (!m) return null;
  return m.counts === 'steps' ? m.steps : Math.ceil((m.steps * m.batch) / batch);
}

/** Seconds left until the lesson at `stepsPerSec` from `stepsDone`; null when unknown or already past. */
export function lessonSecondsLeft(preset: PresetName, batch: number, stepsDone: number, stepsPerSec: number | null): number | null {
  const need = lessonSteps(preset, batch);
  if (need === null || stepsDone >= need || !stepsPerSec || stepsPerSec <= 0) return null;
  return (need - stepsDone) / stepsPerSec;
}

/** "about 1 min 40 s", "about 15 s". */
export function aboutSeconds(s: number): string {
  const fives = Math.max(5, Math.round(s / 5) * 5);
  if (fives < 60) return `about ${fives} s`;
  // Rounded as a whole, so 179 s is "3 min", never "2 min 60 s".
  const tens = Math.round(s / 10) * 10;
  const m = Math.floor(tens / 60);
  const rest = tens - 60 * m;
  return rest ? `about ${m} min ${rest} s` : `about ${m} min`;
}
