import { useId, useState } from 'react';
import type { Validated } from '../../ml/config';

interface Props {
  label: string;
  value: number;
  /** The setting's own parser: its range and its message (src/ml/settings.ts). */
  parse(text: string): Validated<unknown>;
  testId?: string;
  disabled?: boolean;
  onCommit(v: number): void;
}

/** A number input that commits on Enter or blur, and says why a value is refused. */
export function NumberField({ label, value, parse, testId, disabled, onCommit }: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  // A new value from outside (a slider, a preset) replaces what was typed.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const commit = () => {
    const r = parse(text);
    if (!r.ok) return setError(r.error);
    setError(null);
    if (r.value !== value) onCommit(r.value as number);
  };
  return (
    <span className="number-field">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        step="any"
        disabled={disabled}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
