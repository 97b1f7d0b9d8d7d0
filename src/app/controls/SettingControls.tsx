/** Controls drawn from the settings table: a select, or a slider with its number field. */
import { useId } from 'react';
import type { RunConfig } from '../../ml/config';
import { optionsOf, sliderPosition, sliderValue, SLIDER_STEPS, type Setting, type SettingContext } from '../../ml/settings';
import { NumberField } from './NumberField';

interface Props {
  setting: Setting<unknown>;
  config: RunConfig;
  onChange(v: unknown): void;
  testId?: string;
  disabled?: boolean;
  /** The run-time context of options and checks (the dataset's classes); MNIST's when absent. */
  ctx?: SettingContext;
  /** The control's label, when the data renames it ("Hold out class"). */
  label?: string;
}

/** Longer option labels than this do not fit half of the controls panel. */
const WIDE_LABEL = 12;

export function SettingSelect({ setting, config, onChange, testId, disabled, ctx, label }: Props) {
  const id = useId();
  if (setting.control.kind !== 'select') throw new Error(`${setting.name} is not a select`);
  const current = setting.format(setting.get(config));
  const choices = optionsOf(setting.control, ctx);
  const opts = choices.some((o) => o.text === current) ? choices : [...choices, { text: current, label: current }];
  // A long option takes the row's full width: half of the panel cuts "SGD with momentum" at 1280 px.
  const wide = opts.some((o) => o.label.length > WIDE_LABEL);
  return (
    <div className={wide ? 'field wide' : 'field'} title={setting.help}>
      <label htmlFor={id}>{label ?? setting.label}</label>
      <select
        id={id}
        value={current}
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => {
          const r = setting.parse(e.target.value, ctx);
          if (r.ok) onChange(r.value);
        }}
      >
        {opts.map((o) => (
          <option key={o.text} value={o.text}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SettingSlider({ setting, config, onChange, testId, disabled, note }: Props & { note?: React.ReactNode }) {
  const id = useId();
  if (setting.control.kind !== 'slider') throw new Error(`${setting.name} is not a slider`);
  const scale = setting.control.scale;
  const value = setting.get(config) as number;
  return (
    <div className="field" title={setting.help}>
      <label htmlFor={id}>
        {setting.label} {note}
      </label>
      <div className="slider-row">
        <input
          id={id}
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          disabled={disabled}
          value={sliderPosition(scale, value)}
          onChange={(e) => onChange(sliderValue(scale, Number(e.target.value)))}
          aria-valuetext={setting.name === 'lambda' && value === 0 ? '0, softmax only' : String(value)}
        />
        <NumberField label={`${setting.label.split(',')[0]!} value`} testId={testId} value={value} parse={setting.parse} disabled={disabled} onCommit={onChange} />
      </div>
    </div>
  );
}
