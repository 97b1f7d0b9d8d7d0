import type { AppStore } from '../store/appStore';
import { useApp } from '../store/appStore';

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v === 0 ? '0' : Math.abs(v) < 0.01 ? v.toExponential(2) : v.toFixed(3));

export function MetricsPanel({ store }: { store: AppStore }) {
  const m = useApp(store, (s) => s.metrics);
  const p = useApp(store, (s) => s.progress);
  const lambda = useApp(store, (s) => s.config.hyper.lambda);
  const rows: Array<[string, string, string]> = [
    ['Test accuracy (softmax)', pct(m?.testAccuracy), 'argmax of the logits on the eval digits'],
    ['Nearest-center accuracy', pct(m?.nearestCenterAccuracy), 'each digit classified by its closest center'],
    ['Intra-class distance', num(m?.intraDistance), 'mean ‖x − c_y‖'],
    ['Min inter-center distance', num(m?.interMin), 'closest pair of centers'],
    ['Mean inter-center distance', num(m?.interMean), ''],
    ['Intra / min inter', num(m?.intraOverInterMin), 'smaller: tighter, better separated clusters'],
    ['Softmax loss L_S', num(p?.ce), 'mean since the last report'],
    ['Center loss L_C', num(p?.centerLoss), '(1/m) Σ ‖x_i − c_yi‖², the reference convention'],
    ['L_C, paper convention', num(p?.centerLossPaper), '½ Σ ‖x_i − c_yi‖² over the batch'],
    [`λ·L_C (λ = ${lambda})`, num(p?.weightedCenterLoss), ''],
    ['Train accuracy', pct(p?.trainAccuracy), 'on the batches since the last report'],
    ['Learning rate', p ? p.lr.toPrecision(3) : '–', 'after the schedule'],
  ];
  return (
    <section className="panel metrics" aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics</h2>
      <table data-testid="metrics">
        <tbody>
          {rows.map(([k, v, hint]) => (
            <tr key={k} title={hint}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Metrics on {m?.count ?? 0} test digits (the scatter's eval subset).</p>
    </section>
  );
}
