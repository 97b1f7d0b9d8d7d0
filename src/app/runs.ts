/** How each run is named and drawn: one description per run, read by every panel that shows runs side by side. */
import { LOSSES, type LossKind } from '../ml/losses/registry';
import type { RunId, RunInfo } from '../workers/protocol';
import { isSoftmaxRun } from '../workers/runs';

export interface RunDescription {
  id: RunId;
  lambda: number;
  loss: LossKind;
  /** Panel and export title: what sets the run apart (its λ under center loss, else its loss and parameters). */
  title: string;
  /** In a sentence: "softmax only". */
  name: string;
  /** Column header. */
  column: string;
  /** Compare mode's softmax run is "scatter-softmax", the last run "scatter", the rest "scatter-runK". */
  testId: string;
}

type Described = Pick<RunInfo, 'id' | 'lambda' | 'loss' | 'title'>;

/** Center loss keeps the words its λ sweep always had; any other head is titled by the worker's RunInfo.title (its loss and parameters). */
function words(r: Described, onlyCenter: boolean): { title: string; name: string; column: string } {
  if (r.loss === 'center') {
    const column = onlyCenter ? `λ = ${r.lambda}` : r.lambda === 0 ? 'Softmax (λ = 0)' : `Center loss λ = ${r.lambda}`;
    return r.lambda === 0 ? { title: 'Softmax only (λ = 0)', name: 'softmax only', column } : { title: `Softmax + center loss (λ = ${r.lambda})`, name: `center loss (λ = ${r.lambda})`, column };
  }
  if (r.loss === 'softmax') return { title: 'Softmax only', name: 'softmax only', column: 'Softmax' };
  return { title: r.title, name: r.title, column: onlyCenter ? r.title : LOSSES[r.loss].label };
}

export function describeRuns(runs: readonly Described[]): RunDescription[] {
  const onlyCenter = runs.every((r) => r.loss === 'center');
  const described = runs.map((r) => words(r, onlyCenter));
  return runs.map((r, k) => {
    const w = described[k]!;
    // Two runs can share a title (compare mode with λ set to 0): the run's number tells them apart.
    const twin = described.filter((d) => d.title === w.title).length > 1 ? ` · run ${k + 1}` : '';
    // A short column header where it is unique (the loss's name), else the whole title.
    const column = described.filter((d) => d.column === w.column).length > 1 && !twin ? w.title : w.column;
    const softmaxLike = isSoftmaxRun(r);
    return {
      id: r.id,
      lambda: r.lambda,
      loss: r.loss,
      title: w.title + twin,
      name: w.name + twin,
      column: column + twin,
      testId: k === runs.length - 1 ? 'scatter' : softmaxLike && !runs.slice(0, k).some(isSoftmaxRun) ? 'scatter-softmax' : `scatter-${r.id}`,
    };
  });
}
