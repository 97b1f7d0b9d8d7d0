/** Time to the lesson: from the Train click until the λ > 0 run's test digits are round, compact clusters beside softmax's spokes; and how often each scatter moves. */
import type { Browser } from '@playwright/test';
import { LESSON, lessonReached, type LessonFigures } from '../../src/ml/lessonEta';
import { r1, sleep } from './measure';
import { readPanels, waitTrainable, type PanelFigures } from './panels';

export type LessonMode = 'quick' | 'scratch';

export interface LessonResult {
  mode: LessonMode;
  seed: number;
  reached: boolean;
  /** From the Train click to the first metrics past the criterion (the embed that computed them included). */
  seconds: number | null;
  /** The step those metrics were computed at. */
  steps: number | null;
  /** The λ > 0 panel's figures then (or at the cap), and the softmax-only panel's beside them. */
  lesson: LessonFigures | null;
  softmax: LessonFigures | null;
  /** The softmax-only panel still spokes (elongation ≥ LESSON.spokesMin) when the lesson was reached. */
  softmaxSpokes: boolean | null;
  /** New scatter frames (a new data-step) per second and panel that trains, over the first 20 s of training. */
  scatterUpdatesPerSec: Record<string, number>;
  capSeconds: number;
}

const NO_FIGURES: PanelFigures = { lambda: NaN, loss: '', testAccuracy: NaN, elongation: NaN, withinBetween: NaN, step: NaN };

const figuresOf = ({ testAccuracy, elongation, withinBetween, step }: PanelFigures) => ({ testAccuracy, elongation, withinBetween, step });

interface Reading {
  t: number;
  lesson: LessonFigures & { step: number };
  softmax: LessonFigures;
}

export async function measureTimeToLesson(browser: Browser, base: string, mode: LessonMode, seed: number, capSeconds: number): Promise<LessonResult> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}#compare=1&backend=wasm&seed=${seed}${mode === 'quick' ? '&quick=1' : ''}`);
    const toggle = page.getByTestId('train-toggle');
    await waitTrainable(page, 2);
    // Every change of a scatter's data-step is a new picture on screen; the quick lesson's softmax panel is the start, still by design.
    await page.evaluate((quick) => {
      const w = window as unknown as { __updates: Record<string, number[]> };
      w.__updates = {};
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.scatter'))) {
        if (quick && Number(el.dataset.lambda) === 0) continue;
        const id = el.dataset.run ?? 'run';
        w.__updates[id] = [];
        new MutationObserver(() => w.__updates[id]!.push(performance.now())).observe(el, { attributes: true, attributeFilter: ['data-step'] });
      }
    }, mode === 'quick');
    const t0 = await page.evaluate(() => performance.now());
    await toggle.click();
    let hit: Reading | null = null;
    let last: Reading | null = null;
    while (!hit) {
      const { t, panels } = await readPanels(page);
      // The center-loss run and the softmax-only twin.
      const [lesson, softmax] = [panels.find((p) => p.loss === 'center' && p.lambda > 0), panels.find((p) => p.lambda === 0)].map((p) => figuresOf(p ?? NO_FIGURES));
      const r = { t, lesson: lesson!, softmax: softmax! };
      last = r;
      if (lessonReached(r.lesson, r.softmax.withinBetween)) hit = r;
      else if (r.t - t0 > capSeconds * 1000) break;
      else await sleep(200);
    }
    const updates = await page.evaluate(() => (window as unknown as { __updates: Record<string, number[]> }).__updates);
    const scatterUpdatesPerSec = Object.fromEntries(Object.entries(updates).map(([id, ts]) => [id, r1(ts.filter((t) => t > t0 && t <= t0 + 20_000).length / Math.min(20, Math.max(1, ((last?.t ?? t0) - t0) / 1000)))]));
    const at = hit ?? last;
    return {
      mode,
      seed,
      reached: hit !== null,
      seconds: hit ? r1((hit.t - t0) / 1000) : null,
      steps: hit ? hit.lesson.step : null,
      lesson: at ? at.lesson : null,
      softmax: at ? at.softmax : null,
      softmaxSpokes: hit ? hit.softmax.elongation >= LESSON.spokesMin : null,
      scatterUpdatesPerSec,
      capSeconds,
    };
  } finally {
    await ctx.close();
  }
}
