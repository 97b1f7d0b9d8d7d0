/** The angular figures per run, beside the Metrics table when a run trains an angular loss: directions, not distances. */
import { useEffect, useMemo, useState } from 'react';
import { degrees } from '../../ml/angles';
import { LOSSES } from '../../ml/losses/registry';
import { cosineAuroc } from '../../ml/opensetCosine';
import { hyperFor } from '../../workers/runs';
import { addPainter } from '../charts/frames';
import { panelAngles } from '../charts/panelAngles';
import { describeRuns } from '../runs';
import type { TableRow } from './rowTable';
import { RowTableBody } from './RowTableBody';
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

/** One run's column: its angles on the current snapshot, its margin now and its open-set AUROC by cosine. */
interface AngularColumn {
  key: string;
  a: ReturnType<typeof panelAngles> | null;
  margin: number | null;
  auroc: number | null;
}

const AUROC_ROW = 'Open-set AUROC by cosine';

const ANGULAR_ROWS: readonly TableRow<AngularColumn>[] = [
  {
    label: 'Mean angle to own class ray',
    hint: "the mean angle between a test feature and its own class's weight vector: smaller, the features point along their ray",
    cell: (c) => deg(c.a?.meanAngle),
    testId: 'mean-angle',
    data: (c) => ({ radians: String(c.a?.meanAngle ?? '') }),
  },
  {
    label: 'Least angle between two rays',
    hint: 'the smallest angle between the weight vectors of two classes: larger, the classes are further apart by direction',
    cell: (c) => deg(c.a?.leastWeightAngle),
    testId: 'least-weight-angle',
    data: (c) => ({ radians: String(c.a?.leastWeightAngle ?? '') }),
  },
  { label: 'Margin (wedge half-width)', hint: 'the half-width of the margin wedge drawn around each ray, now (after any ramp or annealing)', cell: (c) => (c.margin === null ? 'none' : `±${deg(c.margin)}`) },
  {
    label: AUROC_ROW,
    hint: "telling the held-out class from the known ones by 1 − its greatest cosine to a known class's weight: 1 perfectly apart, 0.5 chance",
    cell: (c) => (c.auroc === null || !Number.isFinite(c.auroc) ? '–' : c.auroc.toFixed(3)),
    testId: 'cosine-auroc',
  },
];

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
  const described = useMemo(() => describeRuns(runs), [runs]);
  if (!runs.some((r) => LOSSES[r.loss].angular)) return null;
  const labels = viewOf(views, runs[0]!.id).embedding.evalSet?.labels ?? null;
  const columns: AngularColumn[] = runs.map((r, k) => {
    const snap = snaps[k] ?? null;
    const margin = LOSSES[r.loss].marginAt(hyperFor(r, hyper), snap?.step ?? 0);
    const a = snap && labels ? panelAngles(snap, viewOf(views, r.id).embedding, labels, dim, heldOut, margin) : null;
    const auroc = heldOut !== null && snap && labels ? snapshotAuroc(snap, labels, dim, heldOut) : null;
    return { key: r.id, a, margin, auroc };
  });
  return (
    <table data-testid="angular-metrics" className="angular-metrics">
      <caption className="small">By angle (fc2&apos;s rows as class directions)</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Figure</span>
          </th>
          {described.map((d) => (
            <th key={d.id} scope="col">
              {d.column}
            </th>
          ))}
        </tr>
      </thead>
      <RowTableBody rows={heldOut === null ? ANGULAR_ROWS.filter((r) => r.label !== AUROC_ROW) : ANGULAR_ROWS} columns={columns} />
    </table>
  );
}
