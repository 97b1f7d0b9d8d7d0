/**
 * What each scatter panel's stats line and replayed caption say: computed from the snapshots drawn, every run
 * at one step, so the numbers, the spread ratio and the picture never come from different evaluations.
 */
import { MNIST, type DatasetSpec } from '../../ml/datasetSpec';
import { classPlural, isDigitSet, itemWord } from '../store/datasetOf';
import { snapshotFigures, type SnapshotFigures } from '../../ml/metrics';
import { trainingPhase, type TrainingPhase } from '../../ml/phase';
import type { EmbeddingState, Snapshot } from '../store/embedding';
import { snapshotAt } from '../store/history';
import type { Series } from '../store/series';

/**
 * Each run's snapshot to describe: in replay the one replayed; live, each run's at the newest step all runs have reached.
 * A frozen run (`frozen[k]`, config.ts frozenRun) never steps: it shows its one picture and holds no other run back.
 */
export function shownSnapshots(embeddings: readonly EmbeddingState[], replayStep: number | null, frozen: readonly boolean[] = []): Array<Snapshot | null> {
  if (replayStep !== null) return embeddings.map((e) => snapshotAt(e.history.snaps, replayStep));
  const steps = embeddings.map((e) => e.current?.step ?? -1);
  if (steps.some((s) => s < 0)) return embeddings.map(() => null);
  const moving = steps.filter((_, k) => !frozen[k]);
  const step = Math.min(...(moving.length ? moving : steps));
  return embeddings.map((e, k) => (frozen[k] || e.current!.step === step ? e.current : snapshotAt(e.history.snaps, step)));
}

/** Per snapshot: a new model makes new snapshots, so the labels and the held-out class cannot change under one. */
const cache = new WeakMap<Snapshot, SnapshotFigures>();

export function snapshotMetrics(snap: Snapshot, labels: Uint8Array, heldOut: number | null): SnapshotFigures {
  let m = cache.get(snap);
  if (!m) {
    const dim = labels.length ? snap.features.length / labels.length : 2;
    m = snapshotFigures(snap.features, snap.predictions, labels, snap.centers, dim, heldOut);
    cache.set(snap, m);
  }
  return m;
}

/** The λ a run trained with at a step (its last report at or before it); `fallback` before any report. */
export function lambdaAt(series: Series, step: number, fallback: number): number {
  const { step: steps, lambda } = series.loss.cols;
  for (let i = series.loss.length - 1; i >= 0; i--) if (steps.at(i) <= step) return lambda.at(i);
  return fallback;
}

/** A replayed step's caption: its own phase, decided afresh (hysteresis belongs to the live sequence), against the twin's figures at that step. */
export function replayedPhase(m: SnapshotFigures, lambda: number, step: number, twinWithinBetween: number | null = null): TrainingPhase {
  return trainingPhase(m, lambda, step, undefined, twinWithinBetween);
}

/** Each run's last live caption: the step of the snapshot it describes and its phase. */
export type PhaseMemory = Map<string, { step: number; phase: TrainingPhase }>;

/**
 * The live caption of the snapshot drawn, from the same figures as its stats and data attributes, with hysteresis
 * over the snapshots drawn before it; the same snapshot always gets the same phase, however often the page renders.
 */
export function drawnPhase(memory: PhaseMemory, run: string, m: SnapshotFigures, lambda: number, step: number, twinWithinBetween: number | null): TrainingPhase {
  const last = memory.get(run);
  if (last?.step === step) return last.phase;
  const phase = trainingPhase(m, lambda, step, last && last.step < step ? last.phase : undefined, twinWithinBetween);
  memory.set(run, { step, phase });
  return phase;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const num = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/** "test 97.1% · nearest center 96.3% · intra/min-inter 0.21"; with a held-out class, said to be on the known digits. */
export function statsLine(m: SnapshotFigures | null, spec: Pick<DatasetSpec, 'classNames'> = MNIST): string {
  if (!m) return 'test – · nearest center – · intra/min-inter –';
  const figures = `test ${pct(m.testAccuracy)} · nearest center ${pct(m.nearestCenterAccuracy)} · intra/min-inter ${num(m.intraOverInterMin)}`;
  return m.heldOut === null ? figures : `known ${itemWord(spec)}: ${figures}`;
}

/** Why intra/min-inter can contradict the pictures of a sweep: said under the panels, not left to the reader. */
export const RATIO_CAVEAT =
  'Intra/min-inter rests on the one closest pair of centers (often 4 and 9), so it can rank the runs against their pictures; within/between (Metrics) counts every digit.';

/** The caveat for any dataset: MNIST's names its usual closest pair; others say "class". */
export const ratioCaveat = (spec: Pick<DatasetSpec, 'classNames'> = MNIST): string =>
  isDigitSet(spec) ? RATIO_CAVEAT : 'Intra/min-inter rests on the one closest pair of centers, so it can rank the runs against their pictures; within/between (Metrics) counts every class.';

/** With a held-out class: what the accuracies count, and the most that can be right on all test digits. */
export function heldOutNote(m: SnapshotFigures | null, spec: Pick<DatasetSpec, 'classNames'> = MNIST): string | null {
  if (!m || m.heldOut === null || m.count === 0) return null;
  return `The accuracies count the ${m.knownCount} test ${itemWord(spec)} of the trained classes (not the ${classPlural(spec, m.heldOut)}); of all ${m.count}, at most ${pct(m.knownCount / m.count)} can be right.`;
}
