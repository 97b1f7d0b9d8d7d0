/** The angular figures per run, beside the Metrics table when a run trains an angular loss: directions, not distances. */
import { useEffect, useMemo, useState } from 'react';
import { degrees } from '../../ml/angles';
import { LOSSES } from '../../ml/losses/registry';
import { cosineAuroc } from '../../ml/opensetCosine';
import { hyperFor } from '../../workers/runs';
import { addPainter } from '../charts/frames';
import { panelAngles } from '../charts/panelAngles';
import { describeRuns } from '../runs';
import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';
import type { Snapshot } from '../store/embedding';
import { viewOf, type Views } from '../views';

/** Per snapshot: the AUROC sorts every test digit, and the table re-renders with each batch of the stream. */
const aurocs = new WeakMap<Snapshot, number>();
function snapshotAuroc(snap: Snapshot, labels: Uint8Array, dim: number, heldOut: number): number | null {
  if (!snap.classWeights) return null;
  let v = aurocs.get(snap);
  if (v === undefined) aurocs.set(snap, (v = cosineAuroc(snap.features, snap.classWeights, labels, dim, heldOut)));
  return v;
}

const deg = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${degrees(r).toFixed(1)}°`);

/** Re-renders when a run's test snapshot changes: not for every live report. */
function useCurrentSnapshots(views: Views, ids: string): (Snapshot | null)[] {
  const [snaps, setSnaps] = useState<(Snapshot | null)[]>([]);
  useEffect(() => {
    const embeddings = ids.split(',').map((id) => viewOf(views, id as `run${number}`).embedding);
    return addPainter(() => {
      const now = embeddings.map((e) => e.current);
      setSnaps((old) => (old.length === now.length && old.every((s, i) => s === now[i]) ? old : now));
      return false;
    });
  }, [views, ids]);
  return snaps;
}

export function AngularMetrics({ store, views }: { store: AppStore; views: Views }) {
  const runs = useApp(store, (s) => s.runs);
  const hyper = useApp(store, (s) => s.config.hyper);
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const dim = useApp(store, (s) => s.config.featDim);
  const ids = runs.map((r) => r.id).join(',');
  const snaps = useCurrentSnapshots(views, ids);
  const columns = useMemo(() => describeRuns(runs), [runs]);
  if (!runs.some((r) => LOSSES[r.loss].angular)) return null;
  const labels = viewOf(views, runs[0]!.id).embedding.evalSet?.labels ?? null;
  const rows = runs.map((r, k) => {
    const snap = snaps[k] ?? null;
    const margin = LOSSES[r.loss].marginAt(hyperFor(r, hyper), snap?.step ?? 0);
    const a = snap && labels ? panelAngles(snap, viewOf(views, r.id).embedding, labels, dim, heldOut, margin) : null;
    const auroc = heldOut !== null && snap && labels ? snapshotAuroc(snap, labels, dim, heldOut) : null;
    return { a, margin, auroc };
  });
  return (
    <table data-testid="angular-metrics" className="angular-metrics">
      <caption className="small">By angle (fc2&apos;s rows as class directions)</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Figure</span>
          </th>
          {columns.map((d) => (
            <th key={d.id} scope="col">
              {d.column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr title="the mean angle between a test feature and its own class's weight vector: smaller, the features point along their ray">
          <th scope="row">Mean angle to own class ray</th>
          {rows.map((r, k) => (
            <td key={k} data-testid="mean-angle" data-radians={r.a?.meanAngle ?? ''}>
              {deg(r.a?.meanAngle)}
            </td>
          ))}
        </tr>
        <tr title="the smallest angle between the weight vectors of two classes: larger, the classes are further apart by direction">
          <th scope="row">Least angle between two rays</th>
          {rows.map((r, k) => (
            <td key={k} data-testid="least-weight-angle" data-radians={r.a?.leastWeightAngle ?? ''}>
              {deg(r.a?.leastWeightAngle)}
            </td>
          ))}
        </tr>
        <tr title="the half-width of the margin wedge drawn around each ray, now (after any ramp or annealing)">
          <th scope="row">Margin (wedge half-width)</th>
          {rows.map((r, k) => (
            <td key={k}>{r.margin === null ? 'none' : `±${deg(r.margin)}`}</td>
          ))}
        </tr>
        {heldOut !== null && (
          <tr title="telling the held-out class from the known ones by 1 − its greatest cosine to a known class's weight: 1 perfectly apart, 0.5 chance">
            <th scope="row">Open-set AUROC by cosine</th>
            {rows.map((r, k) => (
              <td key={k} data-testid="cosine-auroc">
                {r.auroc === null || !Number.isFinite(r.auroc) ? '–' : r.auroc.toFixed(3)}
              </td>
            ))}
          </tr>
        )}
      </tbody>
    </table>
  );
}
