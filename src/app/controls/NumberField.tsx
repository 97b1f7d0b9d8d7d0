import { useId, useState } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  testId?: string;
  onCommit(v: number): void;
}

/** A number input that commits on Enter or blur, and says why a value is refused. */
export function NumberField({ label, value, min, max, step = 'any', integer, testId, onCommit }: Props) {
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
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) return setError(`${label} must be a number`);
    if (v < min || v > max) return setError(`${label} must be between ${min} and ${max}`);
    if (integer && !Number.isInteger(v)) return setError(`${label} must be a whole number`);
    setError(null);
    if (v !== value) onCommit(v);
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
        min={min}
        max={max}
        step={step}
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
