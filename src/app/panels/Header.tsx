import type { BackendInfo } from '../../workers/protocol';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';

const BACKEND_LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM (CPU)', cpu: 'CPU (JS)' } as const;

const label = (b: BackendInfo): string => (b.backend === 'wasm' && b.threads > 1 ? `WASM (CPU, ${b.threads} threads)` : BACKEND_LABEL[b.backend]);

export function Header({ store }: { store: AppStore }) {
  const backend = useApp(store, (s) => s.backend);
  const step = useApp(store, (s) => s.step);
  const progress = useApp(store, (s) => s.progress);
  const status = useApp(store, (s) => s.status);
  const badge = backend
    ? `${label(backend)}${backend.realGpu && backend.adapter ? ` · ${backend.adapter}` : ''} · ${backend.variant} model`
    : 'starting…';
  return (
    <header className="app-header">
      <h1>Center Loss Lab</h1>
      <span className="badge" data-testid="backend-badge" title={backend ? `${backend.reason}. Adapter: ${backend.adapter ?? 'none'}` : undefined}>
        {badge}
      </span>
      <dl className="run-stats">
        <div>
          <dt>step</dt>
          <dd data-testid="step-counter">{step}</dd>
        </div>
        <div>
          <dt>epoch</dt>
          <dd>{progress ? (progress.epoch + progress.epochProgress).toFixed(2) : '0.00'}</dd>
        </div>
        <div>
          <dt>images/s</dt>
          <dd>{progress && status === 'running' ? Math.round(progress.imagesPerSec) : '–'}</dd>
        </div>
        <div>
          <dt>status</dt>
          <dd data-testid="run-status">{status}</dd>
        </div>
      </dl>
    </header>
  );
}
