/** Losses side by side: tick two or more and they train in lockstep from one start, one panel each (the link's runs=softmax,center,arcface). */
import { LOSS_KINDS, LOSSES, type LossKind } from '../../ml/losses/registry';
import type { RunConfig } from '../../ml/config';
import { withLossRuns } from '../lossDefaults';

export function LossRunsControl({ config, onChange }: { config: RunConfig; onChange(next: RunConfig): void }) {
  const ticked = new Set<LossKind>(config.runs ? config.runs.map((o) => o.loss ?? config.hyper.loss) : []);
  return (
    <fieldset className="field loss-runs" data-testid="loss-runs">
      <legend>Losses side by side (from one start, on the same batches)</legend>
      {LOSS_KINDS.map((k) => (
        <label key={k} className="check" title={`${LOSSES[k].label}${LOSSES[k].trainsIn2D ? '' : ': needs 3-D features, chosen for it'}`}>
          <input
            type="checkbox"
            data-testid={`loss-run-${k}`}
            checked={ticked.has(k)}
            onChange={(e) => {
              const next = new Set(ticked);
              if (e.target.checked) next.add(k);
              else next.delete(k);
              onChange(withLossRuns(config, [...next]));
            }}
          />{' '}
          {LOSSES[k].label}
        </label>
      ))}
    </fieldset>
  );
}
