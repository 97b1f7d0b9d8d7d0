import { downloadBlob } from '../download';
import { seriesToCsv } from '../store/csv';
import type { Series } from '../store/series';

/** Saves the scatter as PNG and the metrics history as CSV. */
export function ExportData({ series }: { series: Series }) {
  const png = () => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="scatter"] canvas');
    const step = document.querySelector<HTMLElement>('[data-testid="scatter"]')?.dataset.step ?? '0';
    canvas?.toBlob((blob) => blob && downloadBlob(blob, `center-loss-lab-scatter-step${step}.png`), 'image/png');
  };
  return (
    <section className="panel export" aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <div className="buttons">
      <button type="button" data-testid="export-png" onClick={png}>
        Scatter PNG
      </button>
      <button type="button" data-testid="export-csv" onClick={() => downloadBlob(new Blob([seriesToCsv(series)], { type: 'text/csv' }), 'center-loss-lab-metrics.csv')}>
        Metrics CSV
      </button>
      </div>
    </section>
  );
}
