/** How soon the lesson shows: the training images each preset's λ > 0 run needs before its clusters are compact and separated, as measured. */
import type { PresetName } from './config';

/**
 * Images per run until intra/min-inter < 0.5 at ≥ 90% test accuracy, the slowest of seeds 1-3 (bench/README.md, "Time to the lesson").
 * null: not measured for that preset (the paper's slow recipes).
 */
export const LESSON_IMAGES: Record<PresetName, number | null> = {
  fast: 37_000,
  quick: 1_000,
  reference: null,
  caffe: null,
};

/** Seconds left until the lesson at `imagesPerSec` per run, from `imagesDone`; null when unknown or already past. */
export function lessonSecondsLeft(preset: PresetName, imagesDone: number, imagesPerSec: number | null): number | null {
  const need = LESSON_IMAGES[preset];
  if (need === null || imagesDone >= need || !imagesPerSec || imagesPerSec <= 0) return null;
  return (need - imagesDone) / imagesPerSec;
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
