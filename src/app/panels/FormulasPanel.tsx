/** The method: each loss the runs train, in MathML with its live values (one formula module per loss kind: formulas/). */
import { LOSSES } from '../../ml/losses/registry';
import { hyperFor } from '../../workers/runs';
import type { AppStore } from '../store/appStore';
import { mainRun, useApp } from '../store/appStore';
import { specOf } from '../store/datasetOf';
import { FORMULAS } from './formulas';

export function FormulasPanel({ store }: { store: AppStore }) {
  const h = useApp(store, (s) => s.config.hyper);
  const classes = useApp(store, (s) => specOf(s).classNames.length);
  // One block per loss the runs train, fed by the first run of that loss (the λ control's run for center loss).
  const runs = useApp(store, (s) => s.runs);
  const main = useApp(store, (s) => mainRun(s).id);
  const kinds = [...new Set(runs.map((r) => r.loss))];
  return (
    <section className="panel formulas" aria-labelledby="formulas-h">
      <h2 id="formulas-h">The method</h2>
      {kinds.map((kind) => {
        const run = runs.find((r) => r.loss === kind && r.id === main) ?? runs.find((r) => r.loss === kind)!;
        const Formula = FORMULAS[kind];
        const hyper = hyperFor(run, h);
        return (
          <div key={kind} className="formula-block" data-testid="formula" data-loss={kind}>
            {kinds.length > 1 && <h3>{LOSSES[kind].label}</h3>}
            <Formula hyper={hyper} progress={run.progress} classes={classes} step={run.progress?.step ?? 0} />
          </div>
        );
      })}
    </section>
  );
}
