/** A header field: how long until the λ > 0 run shows its clusters, on this backend at the measured speed (the steps, before training). */
import { aboutSeconds, LESSON_IMAGES, lessonSecondsLeft } from '../../ml/lessonEta';
import { imagesPerSecond } from '../store/rate';
import { useApp, type AppStore } from '../store/appStore';

export function LessonEta({ store }: { store: AppStore }) {
  const config = useApp(store, (s) => s.config);
  const step = useApp(store, (s) => s.step);
  const status = useApp(store, (s) => s.status);
  const rate = useApp(store, (s) => imagesPerSecond(s.rate));
  const backend = useApp(store, (s) => s.backend);
  const compact = useApp(store, (s) => s.runs.some((r) => r.lambda > 0 && r.phase === 'compact'));
  const need = LESSON_IMAGES[config.preset];
  const hasCenterLoss = (config.sweep ?? [config.hyper.lambda]).some((l) => l > 0);
  if (need === null || !backend || !hasCenterLoss || compact) return null;
  const done = step * config.hyper.batchSize;
  if (done >= need) return null;
  const left = status === 'running' ? lessonSecondsLeft(config.preset, done, rate) : null;
  const steps = Math.ceil(need / config.hyper.batchSize);
  const where = backend.backend === 'wasm' ? 'the CPU' : backend.backend;
  const title = `Compact clusters are expected after about ${steps.toLocaleString('en-US')} steps (${need.toLocaleString('en-US')} training images per run, as measured for the ${config.preset} preset)${left !== null ? `: ${aboutSeconds(left)} from now at the current ${Math.round(rate!)} images/s per run on ${where}` : ''}.`;
  return (
    <div title={title}>
      <dt>clusters in</dt>
      <dd data-testid="lesson-eta" data-seconds={left === null ? undefined : Math.round(left)} data-steps={steps}>
        {left !== null ? aboutSeconds(left).replace('about ', '~') : `~${steps.toLocaleString('en-US')} steps`}
      </dd>
    </div>
  );
}
