import { useId } from 'react';
import { BACKENDS, CENTER_RULES, PRESETS, presetConfig, RANGES, VARIANTS, type PresetName, type RunConfig } from '../../ml/config';
import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import { NumberField } from './NumberField';
import { lambdaFromPos, lrFromPos, posFromLambda, posFromLr } from './sliders';
import { WeightsControls } from './WeightsControls';

function Select<T extends string | number>({ label, value, options, onChange, testId }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange(v: T): void; testId?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={String(value)} data-testid={testId} onChange={(e) => onChange(options.find((o) => String(o.value) === e.target.value)!.value)}>
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const RULE_LABEL = { reference: 'Reference (SGD, decoupled from λ)', paper: 'Paper Eq. 4' } as const;
const BATCHES = [8, 16, 32, 64, 128, 256].map((b) => ({ value: b, label: String(b) }));
const HOLDOUT = [{ value: -1, label: 'none' }, ...Array.from({ length: 10 }, (_, k) => ({ value: k, label: String(k) }))];
const EVAL_SIZES = [0, 200, 500, 1000, 2000, 5000, 10000].map((v) => ({ value: v, label: v === 0 ? 'auto' : String(v) }));

export function Controls({ store, actions }: { store: AppStore; actions: Actions }) {
  const config = useApp(store, (s) => s.config);
  const status = useApp(store, (s) => s.status);
  const applied = useApp(store, (s) => s.applied);
  const ready = useApp(store, (s) => s.backend !== null);
  const h = config.hyper;
  const lambdaId = useId();
  const alphaId = useId();
  const lrId = useId();
  const rebuild = (patch: Partial<RunConfig>) => actions.reset({ ...config, ...patch });
  const running = status === 'running';

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
      </div>
      <p className="muted small">Space: train/pause · →: one step</p>

      <Select<PresetName>
        label="Preset"
        testId="preset-select"
        value={config.preset}
        options={PRESETS.map((p) => ({ value: p, label: p === 'fast' ? 'fast (default)' : p === 'reference' ? 'reference (PyTorch defaults)' : 'caffe (original)' }))}
        onChange={(p) => actions.reset({ ...presetConfig(p), backend: config.backend, variant: config.variant, seed: config.seed, evalSize: config.evalSize, compare: config.compare, heldOutClass: config.heldOutClass })}
      />

      <div className="field">
        <label htmlFor={lambdaId}>
          λ, center-loss weight {h.lambda === 0 && <em>(softmax only)</em>}
        </label>
        <div className="slider-row">
          <input id={lambdaId} type="range" min={0} max={100} step={1} value={posFromLambda(h.lambda)} onChange={(e) => actions.setHyper({ lambda: lambdaFromPos(Number(e.target.value)) })} aria-valuetext={h.lambda === 0 ? '0, softmax only' : String(h.lambda)} />
          <NumberField label="λ value" testId="lambda-input" value={h.lambda} min={RANGES.lambda.min} max={RANGES.lambda.max} onCommit={(lambda) => actions.setHyper({ lambda })} />
        </div>
        <button type="button" className="link" onClick={() => actions.setHyper({ lambda: h.lambda === 0 ? 1 : 0 })}>
          {h.lambda === 0 ? 'Turn center loss on (λ = 1)' : 'Softmax only (λ = 0)'}
        </button>
      </div>

      <div className="field">
        <label htmlFor={alphaId}>α, center learning rate</label>
        <div className="slider-row">
          <input id={alphaId} type="range" min={0} max={1} step={0.01} value={h.alpha} onChange={(e) => actions.setHyper({ alpha: Number(e.target.value) })} />
          <NumberField label="α value" testId="alpha-input" value={h.alpha} min={0} max={1} onCommit={(alpha) => actions.setHyper({ alpha })} />
        </div>
      </div>

      <div className="field">
        <label htmlFor={lrId}>Learning rate (peak)</label>
        <div className="slider-row">
          <input id={lrId} type="range" min={0} max={100} step={1} value={posFromLr(h.lr)} onChange={(e) => actions.setHyper({ lr: lrFromPos(Number(e.target.value)) })} aria-valuetext={String(h.lr)} />
          <NumberField label="Learning-rate value" testId="lr-input" value={h.lr} min={RANGES.lr.min} max={RANGES.lr.max} onCommit={(lr) => actions.setHyper({ lr })} />
        </div>
      </div>
      <p className="muted small" data-testid="hyper-applied" aria-live="polite">
        {applied ? `Applied by the worker from step ${applied.step}.` : 'Changes apply at the next step.'}
      </p>

      <div className="grid2">
        <Select label="Batch size" value={h.batchSize} options={BATCHES.some((b) => b.value === h.batchSize) ? BATCHES : [...BATCHES, { value: h.batchSize, label: String(h.batchSize) }]} onChange={(batchSize) => actions.setHyper({ batchSize })} />
        <Select label="Center update" value={h.rule} options={CENTER_RULES.map((r) => ({ value: r, label: RULE_LABEL[r] }))} onChange={(rule) => actions.setHyper({ rule })} />
        <Select label="Model" value={config.variant} options={(['auto', ...VARIANTS] as const).map((v) => ({ value: v, label: v }))} onChange={(variant) => rebuild({ variant })} />
        <Select label="Backend" value={config.backend} options={(['auto', ...BACKENDS] as const).map((v) => ({ value: v, label: v }))} onChange={(backend) => rebuild({ backend })} />
        <div className="field">
          <span className="label">Seed</span>
          <NumberField label="Seed" value={config.seed} min={0} max={0xffffffff} integer onCommit={(seed) => rebuild({ seed })} />
        </div>
        <Select label="Eval digits" value={config.evalSize} options={EVAL_SIZES} onChange={(evalSize) => rebuild({ evalSize })} />
        <Select label="Hold out digit" testId="holdout-select" value={config.heldOutClass ?? -1} options={HOLDOUT} onChange={(v) => rebuild({ heldOutClass: v < 0 ? null : v })} />
      </div>
      <label className="check compare-toggle">
        <input type="checkbox" data-testid="compare-toggle" checked={config.compare} onChange={(e) => rebuild({ compare: e.target.checked })} />
        Compare with softmax only (a λ = 0 twin: same start, same batches)
      </label>
      <p className="muted small">Model, backend, seed, eval size, held-out digit and compare restart the run.</p>
      <WeightsControls store={store} actions={actions} />
    </section>
  );
}
