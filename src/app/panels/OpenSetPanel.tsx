import { useId, useMemo, useState } from 'react';
import { rejectionAtScale, type Rejection } from '../../ml/openset';
import { useSnapshotVersion } from '../charts/useSnapshotVersion';
import { describeRuns } from '../runs';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { EmbeddingState } from '../store/embedding';
import { viewOf, type Views } from '../views';

function rejection(e: EmbeddingState, heldOut: number, scale: number): Rejection | null {
  if (!e.current || !e.evalSet) return null;
  return rejectionAtScale(e.current.features, e.current.centers, e.evalSet.labels, 2, heldOut, scale);
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** The open-set demonstration: reject a digit as unknown when it is far from every known center. */
export function OpenSetPanel({ store, views }: { store: AppStore; views: Views }) {
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const runInfo = useApp(store, (s) => s.runs);
  const [scale, setScale] = useState(2);
  const sliderId = useId();
  const ids = runInfo.map((r) => r.id).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const embeddings = useMemo(() => runInfo.map((r) => viewOf(views, r.id).embedding), [ids, views]);
  useSnapshotVersion(embeddings);
  if (heldOut === null) return null;
  const runs = describeRuns(runInfo);
  const rows = runs.map((d) => ({ id: d.id, label: d.column, r: rejection(viewOf(views, d.id).embedding, heldOut, scale) }));
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
