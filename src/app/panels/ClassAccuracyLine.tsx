/** Per class, by name: the main run's test accuracy on the latest embedded snapshot, hardest class first. */
import { useMemo } from 'react';
import { useSnapshotVersion } from '../charts/useSnapshotVersion';
import { mainRun, useApp, type AppStore } from '../store/appStore';
import { specOf } from '../store/datasetOf';
import { viewOf, type Views } from '../views';
import { classAccuracies } from './classAccuracy';

export function ClassAccuracyLine({ store, views }: { store: AppStore; views: Views }) {
  const id = useApp(store, (s) => mainRun(s).id);
  const spec = useApp(store, (s) => specOf(s));
  const heldOut = useApp(store, (s) => s.config.heldOutClass);
  const embedding = viewOf(views, id).embedding;
  const states = useMemo(() => [embedding], [embedding]);
  useSnapshotVersion(states);
  const snap = embedding.current;
  const labels = embedding.evalSet?.labels;
  if (!snap || !labels || snap.step === 0) return null;
  const acc = classAccuracies(labels, snap.predictions, spec.classNames.length, heldOut)
    .filter((c) => c.count > 0)
    .sort((a, b) => a.accuracy - b.accuracy);
  return (
    <p className="small class-accuracy" data-testid="class-accuracy" data-step={snap.step}>
      Test accuracy per class at step {snap.step}, hardest first:{' '}
      {acc.map((c, i) => (
        <span key={c.k}>
          {i > 0 && ' · '}
          <span className="class-name">{spec.classNames[c.k]}</span> {(c.accuracy * 100).toFixed(0)}%
        </span>
      ))}
    </p>
  );
}
