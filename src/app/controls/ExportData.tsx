import { drawSlide } from '../charts/slide';
import { TRAIL_LENGTH } from '../store/embedding';
import { indexAt, trailAt } from '../store/history';
import { downloadBlob } from '../download';
import { describeRuns } from '../runs';
import type { AppStore } from '../store/appStore';
import { runsToCsv } from '../store/csv';
import { specOf } from '../store/datasetOf';
import { viewOf, type Views } from '../views';

/** Saves what the page shows: every scatter panel on one sheet (PNG), and every run's metrics history (CSV). */
export function ExportData({ store, views }: { store: AppStore; views: Views }) {
  const runs = () => {
    const s = store.getState();
    return describeRuns(s.runs);
  };
  // The slide the GIF's frames are, at 1.5 device pixels per pixel: 1920 × 1080, for a projector.
  const png = () => {
    const s = store.getState();
    const runs = describeRuns(s.runs).flatMap((d) => {
      const e = viewOf(views, d.id).embedding;
      const snaps = e.history.snaps;
      // The replayed step when replaying, as the panels show it; else the live snapshot.
      const at = s.replayStep === null ? -1 : indexAt(snaps, s.replayStep);
      const snap = at >= 0 ? snaps[at]! : e.current;
      if (!snap || !e.evalSet) return [];
      return [{ title: d.title, name: d.name, snap, trail: at >= 0 ? trailAt(snaps, at, TRAIL_LENGTH) : e.trail, labels: e.evalSet.labels }];
    });
    if (runs.length === 0) return;
    const out = document.createElement('canvas');
    const subtitle = `${specOf(s).name} · ${s.config.preset} preset · seed ${s.config.seed} · ${s.backend?.variant ?? ''} model · batch ${s.config.hyper.batchSize}`;
    drawSlide(out, runs.map(() => document.createElement('canvas')), runs, { heldOut: s.config.heldOutClass, subtitle, sameScale: s.scatter.sameScale, classNames: specOf(s).classNames, dim: s.config.featDim }, 1.5);
    out.toBlob((blob) => blob && downloadBlob(blob, `center-loss-lab-scatter-step${runs[0]!.snap.step}.png`), 'image/png');
  };
  const csv = () => {
    const text = runsToCsv(runs().map((d) => ({ run: d.id, lambda: d.lambda, loss: d.loss, series: viewOf(views, d.id).series })), store.getState().config.heldOutClass, specOf(store.getState()).id);
    downloadBlob(new Blob([text], { type: 'text/csv' }), 'center-loss-lab-metrics.csv');
  };
  return (
    <section className="panel export" aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <div className="buttons">
        <button type="button" data-testid="export-png" onClick={png}>
          Scatter PNG
        </button>
        <button type="button" data-testid="export-csv" onClick={csv}>
          Metrics CSV
        </button>
      </div>
    </section>
  );
}
