/** How each run is named and drawn: one description per run, read by every panel that shows runs side by side. */
import { LOSSES, type LossKind } from '../ml/losses/registry';
import type { RunId, RunInfo } from '../workers/protocol';
import { isSoftmaxRun } from '../workers/runs';

export interface RunDescription {
  id: RunId;
  lambda: number;
  loss: LossKind;
  /** Panel and export title: the worker's RunInfo.title (runTitle: its loss and parameters), one source for every view. */
  title: string;
  /** In a sentence: "softmax only (λ = 0)". */
  name: string;
  /** Column header and chart legend: what sets the run apart from the others shown (its loss, and λ where the loss reads one). */
  column: string;
  /** Compare mode's softmax run is "scatter-softmax", the last run "scatter", the rest "scatter-runK". */
  testId: string;
}

type Described = Pick<RunInfo, 'id' | 'lambda' | 'loss' | 'title'>;

/** A title inside a sentence: "Softmax only" → "softmax only"; a name with a capital inside ("ArcFace") stays as it is. */
const inSentence = (title: string): string => (/^[A-Z][^A-Z\s]*(\s|$)/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title);

/** The short header: λ alone where every run has one loss that reads λ (a sweep), the title where they share another, else the loss (and its λ). */
function columnOf(r: Described, sameLoss: boolean): string {
  const head = LOSSES[r.loss];
  const readsLambda = head.params.includes('lambda');
  if (sameLoss) return readsLambda ? `λ = ${r.lambda}` : r.title;
  return readsLambda ? `${head.label} λ = ${r.lambda}` : head.label;
}

export function describeRuns(runs: readonly Described[]): RunDescription[] {
  const sameLoss = new Set(runs.map((r) => r.loss)).size === 1;
  const columns = runs.map((r) => columnOf(r, sameLoss));
  return runs.map((r, k) => {
    // Two runs can share a title (compare mode with λ set to 0): the run's number tells them apart.
    const twin = runs.filter((d) => d.title === r.title).length > 1 ? ` · run ${k + 1}` : '';
    // A short column header where it is unique, else the whole title.
    const column = columns.filter((c) => c === columns[k]).length > 1 && !twin ? r.title : columns[k]!;
    const softmaxLike = isSoftmaxRun(r);
    return {
      id: r.id,
      lambda: r.lambda,
      loss: r.loss,
      title: r.title + twin,
      name: inSentence(r.title) + twin,
      column: column + twin,
      testId: k === runs.length - 1 ? 'scatter' : softmaxLike && !runs.slice(0, k).some(isSoftmaxRun) ? 'scatter-softmax' : `scatter-${r.id}`,
    };
  });
}
