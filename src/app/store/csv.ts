/**
 * The metrics history as CSV: per run, one row per progress report, eval columns filled where an eval ran at that step.
 * With a held-out class, the test figures are on the known classes only; the last column names the class left out.
 * elongation and within_between are the test digits' cluster shape (src/ml/shape.ts).
 * Every row names its run's loss head, and the dataset by its id ('mnist', 'fashion-mnist', 'custom-<hex>': no commas), so a file says what it measured.
 */
import { MNIST } from '../../ml/datasetSpec';
import type { LossKind } from '../../ml/losses/registry';
import type { Series } from './series';

export interface CsvRun {
  /** The run's id, as in the weights files' names. */
  run: string;
  /** The run's λ now: for rows without a report of their own (an eval at step 0). */
  lambda: number;
  /** The run's loss head (src/ml/losses/registry.ts): which figures mean what. */
  loss: LossKind;
  series: Series;
}

export const CSV_HEADER = 'run,lambda,step,softmax_loss,weighted_center_loss,total_loss,train_accuracy,test_accuracy,nearest_center_accuracy,elongation,within_between,loss,dataset,held_out_class';

function rowsOf({ run, lambda, loss, series }: CsvRun, heldOut: number | null, dataset: string): string[] {
  const held = `${loss},${dataset},${heldOut ?? ''}`;
  const l = series.loss.cols;
  const e = series.evals.cols;
  const evalAt = new Map<number, Array<number | ''>>();
  // A figure an older save lacks (NaN) is left empty.
  const cell = (v: number): number | '' => (Number.isFinite(v) ? v : '');
  for (let i = 0; i < series.evals.length; i++) evalAt.set(e.step.at(i), [e.testAcc.at(i), e.nearestAcc.at(i), cell(e.elongation.at(i)), cell(e.withinBetween.at(i))]);
  const rows: Array<[number, string]> = [];
  const seen = new Set<number>();
  for (let i = 0; i < series.loss.length; i++) {
    const step = l.step.at(i);
    const ev = evalAt.get(step);
    seen.add(step);
    // The λ of that report: the control may have moved it since.
    rows.push([step, [run, l.lambda.at(i), step, l.ce.at(i), l.weightedCenter.at(i), l.total.at(i), l.trainAcc.at(i), ...(ev ?? ['', '', '', '']), held].join(',')]);
  }
  for (const [step, ev] of evalAt) if (!seen.has(step)) rows.push([step, [run, lambda, step, '', '', '', '', ...ev, held].join(',')]);
  rows.sort((a, b) => a[0] - b[0]);
  return rows.map((r) => r[1]);
}

export function runsToCsv(runs: CsvRun[], heldOut: number | null = null, dataset: string = MNIST.id): string {
  return [CSV_HEADER, ...runs.flatMap((r) => rowsOf(r, heldOut, dataset))].join('\n') + '\n';
}
