/** The Metrics table's rows: each figure per run, and which loss heads have it (the registry says which keep centers). */
import type { EvalMetrics } from '../../ml/metrics';
import type { LossHead } from '../../ml/losses/registry';
import type { ProgressReport } from '../../workers/protocol';
import type { TableRow } from './rowTable';

/** One run's column: its figures and its loss head. */
export interface MetricColumn {
  key: string;
  metrics: EvalMetrics | null;
  progress: ProgressReport | null;
  head: LossHead;
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
export const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v === 0 ? '0' : Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));

/** The center-loss rows: only a head that reports L_C has them. */
const hasCenterLoss = (c: MetricColumn) => c.head.parts.includes('centerLoss');

/** The label of the λ·L_C row, which names λ where one run is shown. */
export const WEIGHTED_LC = 'λ·L_C';

export const METRIC_ROWS: readonly TableRow<MetricColumn>[] = [
  { label: 'Test accuracy (softmax)', cell: (c) => pct(c.metrics?.testAccuracy), hint: 'argmax of the logits on the eval subset' },
  { label: 'Nearest-center accuracy', cell: (c) => pct(c.metrics?.nearestCenterAccuracy), hint: 'each test image classified by its closest center (the class means, for a loss that keeps no centers)' },
  { label: 'Intra-class distance', cell: (c) => num(c.metrics?.intraDistance), hint: 'mean ‖x − c_y‖' },
  { label: 'Min inter-center distance', cell: (c) => num(c.metrics?.interMin), hint: 'closest pair of centers' },
  { label: 'Mean inter-center distance', cell: (c) => num(c.metrics?.interMean), hint: '' },
  { label: 'Intra / min inter', cell: (c) => num(c.metrics?.intraOverInterMin), hint: 'smaller: tighter, better separated clusters' },
  { label: 'Within / between variance', cell: (c) => num(c.metrics?.withinOverBetween), hint: 'within-class over between-class variance of the features, each class counting once: smaller is more compact, whatever the scale' },
  { label: 'Elongation', cell: (c) => num(c.metrics?.elongation), hint: "median over classes of √(largest / smallest variance of the class's features): spokes 2.6 and up, round blobs near 1" },
  { label: 'Silhouette', cell: (c) => num(c.metrics?.silhouette), hint: 'mean silhouette by true label, −1..1: higher is better clustered' },
  { label: 'Softmax loss L_S', cell: (c) => num(c.progress?.ce), hint: 'mean since the last report; for an angular loss, the cross-entropy of its scaled cosines with the margin' },
  { label: 'Center loss L_C', cell: (c) => num(c.progress?.centerLoss), has: hasCenterLoss, hint: '(1/m) Σ ‖x_i − c_yi‖², the reference convention' },
  { label: 'L_C, paper convention', cell: (c) => num(c.progress?.centerLossPaper), has: hasCenterLoss, hint: '½ Σ ‖x_i − c_yi‖² over the batch' },
  { label: WEIGHTED_LC, cell: (c) => num(c.progress?.weightedCenterLoss), has: hasCenterLoss, hint: '' },
  { label: 'Train accuracy', cell: (c) => pct(c.progress?.trainAccuracy), hint: 'on the batches since the last report' },
  { label: 'Learning rate', cell: (c) => (c.progress ? c.progress.lr.toPrecision(3) : '–'), hint: 'after the schedule' },
];
