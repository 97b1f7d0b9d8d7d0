import type { EvalMetrics } from '../../ml/metrics';
import type { MemoryReport, ProgressReport } from '../../workers/protocol';
import type { AppStore, AutosaveStatus } from '../store/appStore';
import { mainRun, useApp } from '../store/appStore';
import { describeRuns } from '../runs';
import { heldOutNote } from './panelFigures';
import { className, itemWord, specOf } from '../store/datasetOf';
import type { Views } from '../views';
import { ClassAccuracyLine } from './ClassAccuracyLine';
import { AngularMetrics } from './AngularMetrics';

const capital = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v === 0 ? '0' : Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

const time = (t: number) => new Date(t).toLocaleTimeString();

/** The last autosave, and how long it held up the worker and the page. */
const autosaveLine = (a: AutosaveStatus | null) =>
  a ? `Autosaved step ${a.step} at ${time(a.savedAt)} (worker ${a.workerMs.toFixed(1)} ms, page ${a.pageMs.toFixed(1)} ms)` : 'Autosave: nothing saved yet';

/** The worker's memory, one line: it is the same whatever run reports it. */
const memoryLine = (m: MemoryReport | undefined) =>
  m ? `Worker memory: ${m.numTensors} tensors, ${mb(m.numBytes)}${m.numBytesInGPU !== undefined ? `, ${mb(m.numBytesInGPU)} on the GPU` : ''}` : 'Worker memory: – (shown once training reports)';

type Row = [label: string, value: (m: EvalMetrics | null, p: ProgressReport | null) => string, hint: string];

const ROWS: Row[] = [
  ['Test accuracy (softmax)', (m) => pct(m?.testAccuracy), 'argmax of the logits on the eval subset'],
  ['Nearest-center accuracy', (m) => pct(m?.nearestCenterAccuracy), 'each test image classified by its closest center'],
  ['Intra-class distance', (m) => num(m?.intraDistance), 'mean ‖x − c_y‖'],
  ['Min inter-center distance', (m) => num(m?.interMin), 'closest pair of centers'],
  ['Mean inter-center distance', (m) => num(m?.interMean), ''],
  ['Intra / min inter', (m) => num(m?.intraOverInterMin), 'smaller: tighter, better separated clusters'],
  ['Within / between variance', (m) => num(m?.withinOverBetween), 'within-class over between-class variance of the features, each class counting once: smaller is more compact, whatever the scale'],
  ['Elongation', (m) => num(m?.elongation), 'median over classes of √(largest / smallest variance of the class\'s features): spokes 2.6 and up, round blobs near 1'],
  ['Silhouette', (m) => num(m?.silhouette), 'mean silhouette by true label, −1..1: higher is better clustered'],
  ['Softmax loss L_S', (_, p) => num(p?.ce), 'mean since the last report'],
  ['Center loss L_C', (_, p) => num(p?.centerLoss), '(1/m) Σ ‖x_i − c_yi‖², the reference convention'],
  ['L_C, paper convention', (_, p) => num(p?.centerLossPaper), '½ Σ ‖x_i − c_yi‖² over the batch'],
  ['λ·L_C', (_, p) => num(p?.weightedCenterLoss), ''],
  ['Train accuracy', (_, p) => pct(p?.trainAccuracy), 'on the batches since the last report'],
  ['Learning rate', (_, p) => (p ? p.lr.toPrecision(3) : '–'), 'after the schedule'],
];

export function MetricsPanel({ store, views }: { store: AppStore; views: Views }) {
  const runs = useApp(store, (s) => s.runs);
  const spec = useApp(store, (s) => specOf(s));
  const items = itemWord(spec);
  const config = useApp(store, (s) => s.config);
  const columns = describeRuns(runs).map((d, k) => ({ d, run: runs[k]! }));
  const multi = columns.length > 1;
  const lambda = config.hyper.lambda;
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
              {columns.map(({ d }) => (
                <th key={d.id} scope="col">
                  {d.column}
                </th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>
          {ROWS.map(([label, value, hint]) => (
            <tr key={label} title={hint}>
              <th scope="row">{label === 'λ·L_C' && !multi ? `λ·L_C (λ = ${lambda})` : label}</th>
              {columns.map(({ d, run }) => (
                <td key={d.id}>{value(run.metrics, run.progress)}</td>
              ))}
            </tr>
          ))}
        </tbody>
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
