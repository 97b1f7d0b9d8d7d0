/** Why the curves start late after a weights file was loaded: the file holds weights, not their training history. */
import type { EvalMetrics } from '../../ml/metrics';
import { mainRun, useApp, type AppStore } from '../store/appStore';

export function loadedNote(step: number, m: EvalMetrics | null): string {
  const acc = m ? ` At loading: test accuracy ${(m.testAccuracy * 100).toFixed(1)}%, nearest-center accuracy ${(m.nearestCenterAccuracy * 100).toFixed(1)}%.` : '';
  return `Loaded from a weights file at step ${step}. A weights file holds the model, not the curves that led to it, so the loss and accuracy curves start at step ${step} and grow as training goes on.${acc}`;
}

export function LoadedNote({ store }: { store: AppStore }) {
  const step = useApp(store, (s) => s.loadedAt);
  const metrics = useApp(store, (s) => mainRun(s).metrics);
  if (step === null) return null;
  return (
    <p className="muted loaded-note" data-testid="charts-note">
      {loadedNote(step, metrics)}
    </p>
  );
}
