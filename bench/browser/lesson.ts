/** Time to the lesson: from the Train click until the λ > 0 run's test metrics show compact, separated clusters; and how often each scatter moves. */
import type { Browser } from '@playwright/test';
import { r1, sleep } from './measure';

export type LessonMode = 'quick' | 'scratch';

/** The lesson shows: intra/min-inter under this at this test accuracy or more (the threshold). */
export const LESSON_RATIO = 0.5;
export const LESSON_ACCURACY = 0.9;

export interface LessonResult {
  mode: LessonMode;
  seed: number;
  reached: boolean;
  /** From the Train click to the first metrics past the threshold (the embed that computed them included). */
  seconds: number | null;
  steps: number | null;
  testAccuracy: number | null;
  intraOverInterMin: number | null;
  /** New scatter frames (a new data-step) per second and panel, over the first 20 s of training. */
  scatterUpdatesPerSec: Record<string, number>;
  capSeconds: number;
}

interface Reading {
  t: number;
  ratio: number;
  acc: number;
  step: number;
}

export async function measureTimeToLesson(browser: Browser, base: string, mode: LessonMode, seed: number, capSeconds: number): Promise<LessonResult> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}#compare=1&backend=wasm&seed=${seed}${mode === 'quick' ? '&quick=1' : ''}`);
    const toggle = page.getByTestId('train-toggle');
    await page.waitForFunction(() => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid=train-toggle]');
      return b !== null && !b.disabled && document.querySelectorAll('.scatter[data-step="0"]').length >= 2;
    }, null, { timeout: 180_000 });
    // Every change of a scatter's data-step is a new picture on screen.
    await page.evaluate(() => {
      const w = window as unknown as { __updates: Record<string, number[]> };
      w.__updates = {};
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.scatter'))) {
        const id = el.dataset.run ?? 'run';
        w.__updates[id] = [];
        new MutationObserver(() => w.__updates[id]!.push(performance.now())).observe(el, { attributes: true, attributeFilter: ['data-step'] });
      }
    });
    const t0 = await page.evaluate(() => performance.now());
    await toggle.click();
    let hit: Reading | null = null;
    let last: Reading | null = null;
    while (!hit) {
      const r = await page.evaluate(() => {
        const panels = Array.from(document.querySelectorAll<HTMLElement>('.scatter'));
        // The center-loss run (a page without data-loss predates the other heads: every run is center loss).
        const el = panels.find((p) => (p.dataset.loss ?? 'center') === 'center' && Number(p.dataset.lambda) > 0)!;
        return { t: performance.now(), ratio: Number(el.dataset.testIntraRatio ?? NaN), acc: Number(el.dataset.testAcc ?? NaN), step: Number(el.dataset.metricsStep ?? NaN) };
      });
      last = r;
      if (r.ratio < LESSON_RATIO && r.acc >= LESSON_ACCURACY) hit = r;
      else if (r.t - t0 > capSeconds * 1000) break;
      else await sleep(200);
    }
    const updates = await page.evaluate(() => (window as unknown as { __updates: Record<string, number[]> }).__updates);
    const scatterUpdatesPerSec = Object.fromEntries(Object.entries(updates).map(([id, ts]) => [id, r1(ts.filter((t) => t > t0 && t <= t0 + 20_000).length / Math.min(20, Math.max(1, ((last?.t ?? t0) - t0) / 1000)))]));
    return {
      mode,
      seed,
      reached: hit !== null,
      seconds: hit ? r1((hit.t - t0) / 1000) : null,
      steps: hit ? hit.step : null,
      testAccuracy: last ? last.acc : null,
      intraOverInterMin: last ? last.ratio : null,
      scatterUpdatesPerSec,
      capSeconds,
    };
  } finally {
    await ctx.close();
  }
}
