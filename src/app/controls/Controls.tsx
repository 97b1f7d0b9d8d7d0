import { useId, useMemo } from 'react';
import type { Hyper, PresetName } from '../../ml/config';
import { settingByName, SETTINGS, withPreset, type SettingName } from '../../ml/settings';
import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { AugmentControls } from './AugmentControls';
import { specOf } from '../store/datasetOf';
import { holdOutLabel } from './holdOut';
import { NumberField } from './NumberField';
import { SettingSelect, SettingSlider } from './SettingControls';
import { SweepControl } from './SweepControl';
import { LossRunsControl } from './LossRunsControl';
import { WeightsControls } from './WeightsControls';

/** The grid under the sliders: every select and number of the table, in its order (the preset sits above). */
const GRID = SETTINGS.filter((s) => s.name !== 'preset' && (s.control.kind === 'select' || s.control.kind === 'number'));
/** "model, backend, seed, …": what a change restarts, from the table's live flags. */
const RESTARTS = SETTINGS.filter((s) => !s.live && s.name !== 'preset').map((s) => s.short);
const TEST_IDS: Partial<Record<SettingName, string>> = { lambda: 'lambda-input', alpha: 'alpha-input', lr: 'lr-input', preset: 'preset-select', heldOutClass: 'holdout-select' };


export function Controls({ store, actions }: { store: AppStore; actions: Actions }) {
  const config = useApp(store, (s) => s.config);
  const status = useApp(store, (s) => s.status);
  const applied = useApp(store, (s) => s.applied);
  const ready = useApp(store, (s) => s.backend !== null);
  const compareId = useId();
  const h = config.hyper;
  const rebuild = (name: SettingName) => (v: unknown) => actions.reset(settingByName(name).set(config, v));
  // A live setting is a hyper-parameter of the same name: the patch names only it (one marker, one label).
  const live = (name: SettingName) => (v: unknown) => actions.setHyper({ [name]: v } as Partial<Hyper>);
  const running = status === 'running';
  const swept = config.sweep !== null;
  const compare = settingByName('compare');
  const spec = useApp(store, (s) => specOf(s));
  const ctx = useMemo(() => ({ dataset: spec }), [spec]);

  return (
    <section className="panel controls" aria-labelledby="controls-h">
      <h2 id="controls-h">Training</h2>
      <div className="buttons">
        <button type="button" className="primary" data-testid="train-toggle" disabled={!ready || status === 'diverged'} onClick={actions.toggle} aria-keyshortcuts="Space">
          {running ? 'Pause' : 'Train'}
        </button>
        <button type="button" data-testid="step-once" disabled={!ready || status === 'diverged'} onClick={actions.stepOnce} aria-keyshortcuts="ArrowRight">
          Step
        </button>
        <button type="button" data-testid="reset" disabled={!ready} onClick={() => actions.reset()}>
          Reset
        </button>
        <button type="button" data-testid="quick-lesson" disabled={!ready} onClick={actions.quickLesson} title={settingByName('quick').help}>
          Quick lesson
        </button>
      </div>
      <p className="muted small">Space: train/pause · →: one step · F: present</p>
      <div className="check compare-toggle" title={compare.help}>
        <input id={compareId} type="checkbox" data-testid="compare-toggle" checked={config.compare && !swept} disabled={swept} onChange={(e) => rebuild('compare')(e.target.checked)} />
        <label htmlFor={compareId}>{compare.label}</label>
      </div>
      <SweepControl config={config} onChange={(sweep) => actions.reset({ ...config, sweep, ...(sweep ? { runs: null } : {}) })} />
      <LossRunsControl config={config} onChange={(next) => actions.reset(next)} />

      <SettingSelect setting={settingByName('preset')} config={config} testId={TEST_IDS.preset} onChange={(p) => actions.reset(withPreset(config, p as PresetName))} />

      <SettingSlider
        setting={settingByName('lambda')}
        config={config}
        testId={TEST_IDS.lambda}
        disabled={swept}
        onChange={live('lambda')}
        note={swept ? <em>(set per run by the sweep)</em> : h.lambda === 0 ? <em>(softmax only)</em> : null}
      />
      {!swept && (
        <button type="button" className="link" onClick={() => actions.setHyper({ lambda: h.lambda === 0 ? 1 : 0 })}>
          {h.lambda === 0 ? 'Turn center loss on (λ = 1)' : 'Softmax only (λ = 0)'}
        </button>
      )}
      <SettingSlider setting={settingByName('alpha')} config={config} testId={TEST_IDS.alpha} onChange={live('alpha')} />
      <SettingSlider setting={settingByName('lr')} config={config} testId={TEST_IDS.lr} onChange={live('lr')} />
      <p className="muted small" data-testid="hyper-applied" aria-live="polite">
        {applied ? `Applied by the worker from step ${applied.step}.` : 'Changes apply at the next step.'}
      </p>

      <AugmentControls store={store} config={config} onChange={live} />

      <div className="grid2">
        {GRID.map((st) =>
          st.control.kind === 'number' ? (
            <div key={st.name} className="field" title={st.help}>
              <span className="label">{st.label}</span>
              <NumberField label={st.label} value={st.get(config) as number} parse={st.parse} onCommit={(st.live ? live : rebuild)(st.name)} />
            </div>
          ) : (
            <SettingSelect key={st.name} setting={st} config={config} testId={TEST_IDS[st.name]} onChange={(st.live ? live : rebuild)(st.name)} ctx={ctx} {...(st.name === 'heldOutClass' ? { label: holdOutLabel(spec) } : {})} />
          ),
        )}
      </div>
      <p className="muted small">A change of {RESTARTS.slice(0, -1).join(', ')} or {RESTARTS.at(-1)} restarts the run.</p>
      <WeightsControls actions={actions} />
    </section>
  );
}
