import { frozenRun } from '../../ml/config';
import type { BackendInfo } from '../../workers/protocol';
import type { Actions } from '../bridge';
import type { AppStore } from '../store/appStore';
import { mainRun, useApp } from '../store/appStore';
import { LessonEta } from './LessonEta';
import { imagesPerSecond } from '../store/rate';
import { backendReason } from '../words';
import { oneThreadWhy } from '../isolationPlan';

const BACKEND_LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM (CPU)', cpu: 'CPU (JS)' } as const;

const label = (b: BackendInfo): string => {
  if (b.backend !== 'wasm') return BACKEND_LABEL[b.backend];
  if (b.threads > 1) return `WASM (CPU, ${b.threads} threads)`;
  const why = oneThreadWhy({ sab: typeof SharedArrayBuffer !== 'undefined', isolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated });
  return why ? `WASM (CPU, 1 thread: ${why})` : BACKEND_LABEL.wasm;
};

export function Header({ store, actions }: { store: AppStore; actions: Actions }) {
  const backend = useApp(store, (s) => s.backend);
  const step = useApp(store, (s) => s.step);
  const progress = useApp(store, (s) => mainRun(s).progress);
  const epoch = useApp(store, (s) => s.epoch);
  // Runs that train: the quick lesson's frozen softmax panel takes no steps.
  const runCount = useApp(store, (s) => s.runs.filter((_, k) => !frozenRun(s.config, k)).length);
  const status = useApp(store, (s) => s.status);
  const wall = useApp(store, (s) => imagesPerSecond(s.rate));
  const present = useApp(store, (s) => s.present);
  const startupNote = useApp(store, (s) => s.startupNote);
  const badge = backend
    ? `${label(backend)}${backend.realGpu && backend.adapter ? ` · ${backend.adapter}` : ''} · ${backend.variant} model`
    : 'starting…';
  const running = status === 'running';
  const training = progress && running ? `Training time only: ${Math.round(progress.imagesPerSec)} images/s per run (the wall-clock rate also counts drawing the scatter and the reports).` : undefined;
  return (
    <header className="app-header">
      <h1>Center Loss Lab</h1>
      <span className="badge" data-testid="backend-badge" title={backend ? `${backendReason(backend)}. Adapter: ${backend.adapter ?? 'none'}` : undefined}>
        {badge}
      </span>
      {startupNote && (
        <span className="small startup-note" data-testid="startup-note" role="status">
          {startupNote}
        </span>
      )}
      <dl className="run-stats">
        <div>
          <dt>step</dt>
          <dd data-testid="step-counter">{step}</dd>
        </div>
        <div>
          <dt>epoch</dt>
          <dd data-testid="epoch-counter">{epoch.toFixed(2)}</dd>
        </div>
        <div title={training}>
          <dt>{runCount > 1 ? `images/s per run × ${runCount}` : 'images/s'}</dt>
          <dd data-testid="images-per-sec">{running && wall !== null ? Math.round(wall) : '–'}</dd>
        </div>
        <LessonEta store={store} />
        <div>
          <dt>status</dt>
          <dd data-testid="run-status">{status}</dd>
        </div>
      </dl>
      <button type="button" className="header-button" data-testid="presentation-toggle" aria-pressed={present} aria-keyshortcuts="F" onClick={() => actions.setPresent(!present)}>
        {present ? 'Exit presentation (Esc)' : 'Present (F)'}
      </button>
    </header>
  );
}
