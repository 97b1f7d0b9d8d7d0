import { useEffect, useId, useState } from 'react';
import { rejectionAtScale, type Rejection } from '../../ml/openset';
import type { RunId } from '../../workers/protocol';
import type { RunView } from '../App';
import { addPainter } from '../charts/frames';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { EmbeddingState } from '../store/embedding';

/** Re-renders when a new snapshot arrives (embeddings live outside React). */
function useSnapshotVersion(states: EmbeddingState[]): number {
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      addPainter(() => {
        const v = states.reduce((s, e) => s + e.version, 0);
        setVersion((old) => (old === v ? old : v));
        return false;
      }),
    [states],
  );
  return version;
}

function rejection(e: EmbeddingState, heldOut: number, scale: number): Rejection | null {
  if (!e.current || !e.evalSet) return null;
  return rejectionAtScale(e.current.features, e.current.centers, e.evalSet.labels, 2, heldOut, scale);
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** The open-set demonstration: reject a digit as unknown when it is far from every known center. */
export function OpenSetPanel({ store, views }: { store: AppStore; views: Record<RunId, RunView> }) {
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const runs = useApp(store, (s) => s.runs);
  const lambda = useApp(store, (s) => s.config.hyper.lambda);
  const [scale, setScale] = useState(2);
  const sliderId = useId();
  useSnapshotVersion([views.main.embedding, views.softmaxOnly.embedding]);
  if (heldOut === null) return null;
  const rows = runs.map((id) => ({ id, label: id === 'main' ? `λ = ${lambda}` : 'λ = 0', r: rejection(views[id].embedding, heldOut, scale) })).reverse();
  return (
    <section className="panel openset" aria-labelledby="openset-h">
      <h2 id="openset-h">Open set: is it a digit the model never saw?</h2>
      <p className="small">
        Digit <b>{heldOut}</b> is kept out of training. A test digit is rejected as unknown when it lies farther from every known center than the threshold.
      </p>
      <div className="field">
        <label htmlFor={sliderId}>Threshold: {scale.toFixed(1)} × the mean distance of known digits to their nearest center</label>
        <input id={sliderId} type="range" min={0.5} max={6} step={0.1} value={scale} onChange={(e) => setScale(Number(e.target.value))} data-testid="openset-threshold" />
      </div>
      <table data-testid="openset-table">
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">unknown {heldOut}s rejected</th>
            <th scope="col">known digits wrongly rejected</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, label, r }) => (
            <tr key={id}>
              <th scope="row">{label}</th>
              <td>{pct(r?.unknownRejected)}</td>
              <td>{pct(r?.knownRejected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
