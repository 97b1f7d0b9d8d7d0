/** How each run is named and drawn: one description per run, read by every panel that shows runs side by side. */
import type { RunId, RunInfo } from '../workers/protocol';

export interface RunDescription {
  id: RunId;
  lambda: number;
  /** Panel and export title, with λ. */
  title: string;
  /** In a sentence: "softmax only". */
  name: string;
  /** Column header. */
  column: string;
  /** Compare mode's λ = 0 run is "scatter-softmax", the last run "scatter", the rest "scatter-runK". */
  testId: string;
}

export function describeRuns(runs: readonly RunInfo[]): RunDescription[] {
  return runs.map(({ id, lambda }, k) => {
    // Two runs can share a λ (compare mode with λ set to 0): the run's number tells them apart.
    const twin = runs.filter((r) => r.lambda === lambda).length > 1 ? ` · run ${k + 1}` : '';
    return {
      id,
      lambda,
      title: (lambda === 0 ? 'Softmax only (λ = 0)' : `Softmax + center loss (λ = ${lambda})`) + twin,
      name: (lambda === 0 ? 'softmax only' : `center loss (λ = ${lambda})`) + twin,
      column: `λ = ${lambda}${twin}`,
      testId: k === runs.length - 1 ? 'scatter' : lambda === 0 ? 'scatter-softmax' : `scatter-${id}`,
    };
  });
}
