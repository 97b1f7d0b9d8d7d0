/** Losses side by side: tick two or more and they train in lockstep from one start, one panel each (the link's runs=softmax,center,arcface). */
import { useState } from 'react';
import { LOSS_KINDS, LOSSES, type LossKind } from '../../ml/losses/registry';
import type { RunConfig } from '../../ml/config';
import { withLossRuns } from '../lossDefaults';

export function LossRunsControl({ config, onChange }: { config: RunConfig; onChange(next: RunConfig): void }) {
  const current = (config.runs ? config.runs.map((o) => o.loss ?? config.hyper.loss) : []).join(',');
  // A tick shows at once; the runs it asks for arrive with the worker's answer, which then rules.
  const [ticked, setTicked] = useState(() => new Set(current ? (current.split(',') as LossKind[]) : []));
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setTicked(new Set(current ? (current.split(',') as LossKind[]) : []));
  }
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
              setTicked(next);
              onChange(withLossRuns(config, [...next]));
            }}
          />{' '}
          {LOSSES[k].label}
        </label>
      ))}
    </fieldset>
  );
}
