import { composeSheet } from '../charts/exportSheet';
import { downloadBlob } from '../download';
import { describeRuns } from '../runs';
import type { AppStore } from '../store/appStore';
import { runsToCsv } from '../store/csv';
import { viewOf, type Views } from '../views';

/** Saves what the page shows: every scatter panel on one sheet (PNG), and every run's metrics history (CSV). */
export function ExportData({ store, views }: { store: AppStore; views: Views }) {
  const runs = () => {
    const s = store.getState();
    return describeRuns(s.runs);
  };
  const png = () => {
    const s = store.getState();
    const panels = runs().flatMap((d) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${d.testId}"] canvas`);
      return canvas ? [{ canvas, title: d.title }] : [];
    });
    if (panels.length === 0) return;
    // The step the panels draw (their snapshot's), which trails the header's while training.
    const drawn = Math.min(...panels.map((p) => Number(p.canvas.parentElement?.dataset.step ?? s.step)));
    const step = Number.isFinite(drawn) && drawn >= 0 ? drawn : s.step;
    const sheet = composeSheet(panels, { step, heldOut: s.config.heldOutClass, subtitle: `${s.config.preset} preset · seed ${s.config.seed} · ${s.backend?.variant ?? ''} model` });
    sheet.toBlob((blob) => blob && downloadBlob(blob, `center-loss-lab-scatter-step${step}.png`), 'image/png');
  };
  const csv = () => {
    const text = runsToCsv(runs().map((d) => ({ run: d.id, lambda: d.lambda, series: viewOf(views, d.id).series })), store.getState().config.heldOutClass);
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
