/** Presentation mode: the scatters fill the screen in large type, with the step, the key metrics and what to look for. */
import type { Actions } from '../bridge';
import { ScatterArea } from '../charts/ScatterArea';
import { describeRuns } from '../runs';
import { useApp, type AppStore } from '../store/appStore';
import type { Views } from '../views';
import { specOf } from '../store/datasetOf';
import { lookFor } from './lookFor';
import { Notices } from './Notices';

export function PresentationView({ store, views, actions }: { store: AppStore; views: Views; actions: Actions }) {
  const step = useApp(store, (s) => s.step);
  const epoch = useApp(store, (s) => s.epoch);
  const status = useApp(store, (s) => s.status);
  const config = useApp(store, (s) => s.config);
  const spec = useApp(store, (s) => specOf(s));
  const runs = describeRuns(useApp(store, (s) => s.runs));
  const ready = useApp(store, (s) => s.backend !== null);
  return (
    <div className="present">
      <div className="present-bar">
        <h1>Center Loss Lab</h1>
        <p className="present-step">
          step <b data-testid="step-counter">{step}</b> · epoch <b data-testid="epoch-counter">{epoch.toFixed(2)}</b>
        </p>
        <div className="present-buttons">
          <button type="button" className="primary" data-testid="train-toggle" disabled={!ready || status === 'diverged'} onClick={actions.toggle} aria-keyshortcuts="Space">
            {status === 'running' ? 'Pause' : 'Train'}
          </button>
          <button type="button" data-testid="presentation-toggle" aria-pressed="true" aria-keyshortcuts="Escape" onClick={() => actions.setPresent(false)}>
            Exit (Esc)
          </button>
        </div>
      </div>
      <Notices store={store} actions={actions} />
      <p className="present-look" data-testid="look-for">
        {lookFor(runs, config.heldOutClass, spec)}
      </p>
      <ScatterArea store={store} views={views} actions={actions} present />
    </div>
  );
}
