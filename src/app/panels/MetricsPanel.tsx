import { LOSSES } from '../../ml/losses/registry';
import type { MemoryReport } from '../../workers/protocol';
import type { AppStore, AutosaveStatus } from '../store/appStore';
import { mainRun, useApp } from '../store/appStore';
import { describeRuns } from '../runs';
import { heldOutNote } from './panelFigures';
import { className, itemWord, specOf } from '../store/datasetOf';
import type { Views } from '../views';
import { ClassAccuracyLine } from './ClassAccuracyLine';
import { AngularMetrics } from './AngularMetrics';
import { METRIC_ROWS, WEIGHTED_LC, type MetricColumn } from './metricRows';
import { RowTableBody } from './RowTableBody';

const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

const time = (t: number) => new Date(t).toLocaleTimeString();

/** The last autosave, and how long it held up the worker and the page. */
const autosaveLine = (a: AutosaveStatus | null) =>
  a ? `Autosaved step ${a.step} at ${time(a.savedAt)} (worker ${a.workerMs.toFixed(1)} ms, page ${a.pageMs.toFixed(1)} ms)` : 'Autosave: nothing saved yet';

/** The worker's memory, one line: it is the same whatever run reports it. */
const memoryLine = (m: MemoryReport | undefined) =>
  m ? `Worker memory: ${m.numTensors} tensors, ${mb(m.numBytes)}${m.numBytesInGPU !== undefined ? `, ${mb(m.numBytesInGPU)} on the GPU` : ''}` : 'Worker memory: – (shown once training reports)';

export function MetricsPanel({ store, views }: { store: AppStore; views: Views }) {
  const runs = useApp(store, (s) => s.runs);
  const spec = useApp(store, (s) => specOf(s));
  const items = itemWord(spec);
  const config = useApp(store, (s) => s.config);
  const described = describeRuns(runs);
  const columns: MetricColumn[] = runs.map((r) => ({ key: r.id, metrics: r.metrics, progress: r.progress, head: LOSSES[r.loss] }));
  const multi = columns.length > 1;
  const lambda = config.hyper.lambda;
  const rows = multi ? METRIC_ROWS : METRIC_ROWS.map((r) => (r.label === WEIGHTED_LC ? { ...r, label: `${WEIGHTED_LC} (λ = ${lambda})` } : r));
  const count = mainRun({ runs }).metrics?.count ?? 0;
  const note = heldOutNote(mainRun({ runs }).metrics, spec);
  const memory = runs[0]?.progress?.memory;
  const autosave = useApp(store, (s) => s.autosave);
  return (
    <section className="panel metrics" aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics</h2>
      <table data-testid="metrics">
        {multi && (
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Metric</span>
              </th>
              {described.map((d) => (
                <th key={d.id} scope="col">
                  {d.column}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <RowTableBody rows={rows} columns={columns} />
      </table>
      <AngularMetrics store={store} views={views} />
      <p className="muted">Metrics on {count} test {items} (the scatter's eval subset).</p>
      <ClassAccuracyLine store={store} views={views} />
      {note && (
        <p className="muted" data-testid="metrics-held-out">
          {capital(className(spec, mainRun({ runs }).metrics?.heldOut ?? 0))} is held out of training. {note} Its center, never trained, is left out of every distance.
        </p>
      )}
      <p className="muted" data-testid="memory" data-tensors={memory?.numTensors ?? ''} data-bytes={memory?.numBytes ?? ''} title="tf.memory() in the training worker, after the last report's steps">
        {memoryLine(memory)}
      </p>
      <p className="muted" data-testid="autosave" data-step={autosave?.step ?? ''} data-worker-ms={autosave?.workerMs ?? ''} data-page-ms={autosave?.pageMs ?? ''} title="Kept in this browser (IndexedDB): a reload offers to resume">
        {autosaveLine(autosave)}
      </p>
    </section>
  );
}
