/** Suggested live caption under a compare panel for each training phase (codes and their meaning: src/ml/phase.ts). */
import type { TrainingPhase } from '../../ml/phase';

export const PHASE_CAPTIONS: Record<TrainingPhase, string> = {
  start: 'Not trained yet: the features of all digits are still mixed together.',
  inward: 'Center loss first pulls every feature inward; the classes separate after a few hundred steps.',
  stacked: 'The centers are still stacked together; at this small λ the classes separate much as with softmax alone.',
  separating: 'The centers have moved apart: the classes separate and accuracy catches up.',
  rounding: 'The clusters are getting rounder: center loss pulls each class toward its own center, but they are not tight yet.',
  compact: 'Each digit now sits in a tight cluster around its own center.',
  radial: 'Softmax alone: the classes separate by angle and spread outward as spokes.',
  angular: 'Softmax alone: the classes separate by angle; they are not long spokes (yet).',
  spokes: 'The classes are apart but stretched outward as spokes, as with softmax alone: center loss has not rounded them yet (or, at this λ, does not).',
};

/** The same captions for a set that is not digits: only the two that name digits change. */
const OTHER_SETS: Partial<Record<TrainingPhase, string>> = {
  start: 'Not trained yet: the features of all classes are still mixed together.',
  compact: 'Each class now sits in a tight cluster around its own center.',
};

export const phaseCaption = (phase: TrainingPhase, digits: boolean): string => (digits ? PHASE_CAPTIONS[phase] : (OTHER_SETS[phase] ?? PHASE_CAPTIONS[phase]));
