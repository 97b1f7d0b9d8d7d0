/** What the class is told about λ: whether center loss is on, and after a change that the picture follows only over many steps. */
import { LOSSES } from '../../ml/losses/registry';
import type { RunInfo } from '../../workers/protocol';
import type { HyperMarker } from '../store/series';

/** Steps the note stays up: the shape takes about a hundred steps to follow a new λ (quick lesson: ~200 to round). */
export const LAMBDA_NOTE_STEPS = 200;

/** The note for the latest λ change while it is recent, else null. */
export function lambdaNote(markers: readonly Pick<HyperMarker, 'step' | 'keys' | 'label'>[], step: number): string | null {
  const m = [...markers].reverse().find((k) => k.keys.split(',').includes('lambda'));
  if (!m || step < m.step || step - m.step >= LAMBDA_NOTE_STEPS) return null;
  const lambda = m.label.split(', ').find((part) => part.startsWith('λ')) ?? m.label;
  return `${lambda} from step ${m.step}: the numbers answer at once, but the features move a little at each step, so watch the clusters change shape over the next ~100 steps.`;
}

/**
 * What the quick-lesson note says of the runs trained from the softmax start: of center loss, on at λ > 0 and plainly off at λ = 0;
 * of a loss without centers, that it trains from the start (λ weighs nothing there); beside a frozen left panel, that it stays as it began.
 */
export function quickLessonWords(runs: readonly Pick<RunInfo, 'loss' | 'lambda'>[], frozenLeft: boolean): string {
  const right = runs[runs.length - 1];
  if (!right) return '';
  const multi = runs.length > 1;
  if (multi && !frozenLeft) return `Each panel trains on from that start with its own loss: ${runs.map((r) => LOSSES[r.loss].label).join(', ')}.`;
  const head = LOSSES[right.loss];
  if (!head.params.includes('lambda'))
    return multi ? `On the right, ${head.label} trains on from that start; the left panel is that start, kept as it was: softmax only, not trained further.` : `${head.label} trains on from it.`;
  const lambda = right.lambda;
  return lambda > 0
    ? multi
      ? `On the right, center loss is switched on (λ = ${lambda}); the left panel is that start, kept as it was: softmax only, not trained further.`
      : `Center loss is switched on (λ = ${lambda}).`
    : multi
      ? 'Center loss is switched off (λ = 0) on the right too: it now trains with softmax only, beside the start kept as it was.'
      : 'Center loss is switched off (λ = 0): softmax only.';
}
