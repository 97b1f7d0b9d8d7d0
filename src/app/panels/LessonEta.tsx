/** A header field: how long until the λ > 0 run shows its clusters, on this backend at the measured speed (the steps, before training). */
import { aboutSeconds, LESSON_MEASURED, lessonSecondsLeft, lessonSteps } from '../../ml/lessonEta';
import { imagesPerSecond } from '../store/rate';
import { useApp, type AppStore } from '../store/appStore';
import { runInfos } from '../../workers/runs';

export function LessonEta({ store }: { store: AppStore }) {
  const config = useApp(store, (s) => s.config);
  const step = useApp(store, (s) => s.step);
  const status = useApp(store, (s) => s.status);
  const rate = useApp(store, (s) => imagesPerSecond(s.rate));
  const backend = useApp(store, (s) => s.backend);
  const compact = useApp(store, (s) => s.runs.some((r) => r.lambda > 0 && r.phase === 'compact'));
  const batch = config.hyper.batchSize;
  const steps = lessonSteps(config.preset, batch);
  const hasCenterLoss = runInfos(config).some((r) => r.loss === 'center' && r.lambda > 0);
  if (steps === null || !backend || !hasCenterLoss || compact || step >= steps) return null;
  const left = status === 'running' && rate ? lessonSecondsLeft(config.preset, batch, step, rate / batch) : null;
  const where = backend.backend === 'wasm' ? 'the CPU' : backend.backend;
  const basis = LESSON_MEASURED[config.preset]!.counts === 'steps' ? 'steps from the softmax-trained start' : `${(steps * batch).toLocaleString('en-US')} training images per run`;
  const title = `Round, compact clusters (elongation ≤ 2, within/between ≤ 0.6× softmax alone's, ≥ 93% accuracy) are expected after about ${steps.toLocaleString('en-US')} steps (${basis}, as measured on this app's engine for the ${config.preset} preset)${left !== null ? `: ${aboutSeconds(left)} from now at the current ${Math.round(rate!)} images/s per run on ${where}` : ''}.`;
  return (
    <div title={title}>
      <dt>clusters in</dt>
      <dd data-testid="lesson-eta" data-seconds={left === null ? undefined : Math.round(left)} data-steps={steps}>
        {left !== null ? aboutSeconds(left).replace('about ', '~') : `~${steps.toLocaleString('en-US')} steps`}
      </dd>
    </div>
  );
}
