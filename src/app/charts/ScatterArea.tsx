/** The scatter(s) with one legend: a single run, or the softmax-only run beside the center-loss run with linked zoom. */
import { useMemo, useState } from 'react';
import type { RunView } from '../App';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { RunId } from '../../workers/protocol';
import { classColor } from './colors';
import { ScatterView } from './ScatterView';
import { createZoomLink } from './zoomLink';

export function ScatterArea({ store, views }: { store: AppStore; views: Record<RunId, RunView> }) {
  const runs = useApp(store, (s) => s.runs);
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const lambda = useApp(store, (s) => s.config.hyper.lambda);
  const variant = useApp(store, (s) => s.backend?.variant);
  const [isolated, setIsolated] = useState<number | null>(null);
  const [autoFit, setAutoFit] = useState(true);
  const zoom = useMemo(() => createZoomLink(), []);
  const compare = runs.includes('softmaxOnly');
  const panels: Array<{ id: RunId; title: string; testId: string }> = compare
    ? [
        { id: 'softmaxOnly', title: 'Softmax only (λ = 0)', testId: 'scatter-softmax' },
        { id: 'main', title: `Softmax + center loss (λ = ${lambda})`, testId: 'scatter' },
      ]
    : [{ id: 'main', title: '', testId: 'scatter' }];
  const n = views.main.embedding.evalSet?.labels.length ?? 0;
  return (
    <figure className="scatter-figure">
      <div className="scatter-tools">
        <div className="legend" role="group" aria-label="Classes: click to isolate one">
          {Array.from({ length: 10 }, (_, k) => (
            <button
              key={k}
              type="button"
              className="legend-item"
              aria-pressed={isolated === k}
              onClick={() => setIsolated(isolated === k ? null : k)}
              title={isolated === k ? 'Show every class' : `Show only digit ${k}`}
            >
              <span className={k === heldOut ? 'swatch held-out' : 'swatch'} style={k === heldOut ? undefined : { background: classColor(k) }} />
              {k}
              {k === heldOut && <span className="sr-only"> (held out of training)</span>}
            </button>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={autoFit} onChange={(e) => setAutoFit(e.target.checked)} /> Auto-fit axes
        </label>
      </div>
      <div className={compare ? 'scatter-pair' : 'scatter-single'}>
        {panels.map((p) => (
          <div key={p.id} className="scatter-cell">
            {p.title && <h3 className="scatter-title">{p.title}</h3>}
            <ScatterView
              embedding={views[p.id].embedding}
              heldOut={heldOut}
              isolated={isolated}
              autoFit={autoFit}
              zoom={zoom}
              testId={p.testId}
              label={`Scatter of the 2-D deep features of ${n} test digits${p.title ? `, ${p.title}` : ''}${variant ? `, ${variant} model` : ''}`}
            />
          </div>
        ))}
      </div>
      <figcaption>
        Deep features (fc1 + PReLU, 2-D) of {n} test digits; large discs are the class centers, with trails.{heldOut !== null && ` Digit ${heldOut} is held out of training: its points are hollow grey rings.`} Scroll to zoom, drag to pan{compare ? ' (both views follow)' : ''}.
      </figcaption>
    </figure>
  );
}
