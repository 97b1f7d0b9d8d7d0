/** Augmentation: its three sliders, and a strip of the last batch's first digits as the network saw them. */
import { useEffect, useRef } from 'react';
import { augmentOf, augments } from '../../ml/augment';
import type { RunConfig } from '../../ml/config';
import { IMAGE_SIDE } from '../../ml/datasetSpec';
import { settingByName, type SettingName } from '../../ml/settings';
import { stripPixels } from '../charts/augmentStrip';
import type { AppStore } from '../store/appStore';
import { itemWord, specOf } from '../store/datasetOf';
import { useApp } from '../store/appStore';
import { SettingSlider } from './SettingControls';

const SIDE = IMAGE_SIDE;
const SLIDERS: SettingName[] = ['augRotate', 'augShift', 'augScale'];

export function AugmentControls({ store, config, onChange }: { store: AppStore; config: RunConfig; onChange: (name: SettingName) => (v: unknown) => void }) {
  const seen = useApp(store, (s) => s.augmented);
  // Drawn back through the loaded dataset's own normalisation.
  const spec = useApp(store, specOf);
  const on = augments(augmentOf(config.hyper));
  const canvas = useRef<HTMLCanvasElement>(null);
  const count = seen ? seen.labels.length : 0;

  useEffect(() => {
    if (!seen || !canvas.current || count === 0) return;
    const ctx = canvas.current.getContext('2d')!;
    ctx.putImageData(new ImageData(stripPixels(seen.images, count, SIDE, spec), count * SIDE, SIDE), 0, 0);
  }, [seen, count, spec]);

  return (
    <details className="augment" data-testid="augment" open={on}>
      <summary>Augmentation {on ? '(on)' : '(off)'}</summary>
      {SLIDERS.map((name) => (
        <SettingSlider key={name} setting={settingByName(name)} config={config} testId={`${name}-input`} onChange={onChange(name)} />
      ))}
      {on && seen ? (
        <figure className="augment-strip">
          <canvas
            ref={canvas}
            data-testid="augment-strip"
            data-step={seen.step}
            width={count * SIDE}
            height={SIDE}
            role="img"
            aria-label={`The first ${count} ${itemWord(spec)} of step ${seen.step}'s batch as the network saw them: ${Array.from(seen.labels, (l) => spec.classNames[l] ?? String(l)).join(' ')}`}
          />
          <figcaption className="muted small">What the network saw at step {seen.step}: the first {itemWord(spec)} of its batch, after augmentation.</figcaption>
        </figure>
      ) : (
        <p className="muted small">{on ? `Train a step to see the ${itemWord(spec)} as the network sees them.` : `Off: the network sees each ${itemWord(spec, false)} as it is.`}</p>
      )}
    </details>
  );
}
