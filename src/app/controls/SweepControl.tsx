/** The λ sweep: 2 to 6 λ values trained side by side from one start, typed as a list, or one of the paper's. */
import { useId, useState } from 'react';
import type { RunConfig } from '../../ml/config';
import { settingByName } from '../../ml/settings';

/** Wen et al., Fig. 3: λ = 0, 0.001, 0.01, 0.1, 1 (five runs cost five times one). */
const PAPER_SWEEP = [0, 0.001, 0.01, 0.1, 1];

export function SweepControl({ config, onChange }: { config: RunConfig; onChange(sweep: number[] | null): void }) {
  const id = useId();
  const setting = settingByName('sweep');
  const current = setting.format(config.sweep);
  const [text, setText] = useState(current);
  const [shown, setShown] = useState(current);
  const [error, setError] = useState<string | null>(null);
  if (shown !== current) {
    setShown(current);
    setText(current);
  }
  const commit = (t: string) => {
    const r = setting.parse(t);
    if (!r.ok) return setError(r.error);
    setError(null);
    if (setting.format(r.value) !== current) onChange(r.value as number[] | null);
  };
  return (
    <div className="field sweep" title={setting.help}>
      <label htmlFor={id}>{setting.label}: λ values, comma-separated</label>
      <div className="slider-row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          placeholder="e.g. 0,0.01,0.1,1"
          data-testid="sweep-input"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => commit(text)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(text);
          }}
        />
        <button type="button" className="small-button" data-testid="sweep-paper" onClick={() => commit(setting.format(config.sweep ? null : PAPER_SWEEP))}>
          {config.sweep ? 'Off' : 'Paper’s'}
        </button>
      </div>
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
