/** The scatter moves while training on wasm, and the quick lesson shows its clusters within a bounded number of steps. */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { lessonSteps } from '../src/ml/lessonEta';

/** Records every change of each scatter's data-step (a new picture on screen), by run, in page time. */
async function watchScatterSteps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __stepChanges: Record<string, number[]> };
    w.__stepChanges = {};
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.scatter'))) {
      const id = el.dataset.run ?? 'run';
      w.__stepChanges[id] = [];
      new MutationObserver(() => w.__stepChanges[id]!.push(performance.now())).observe(el, { attributes: true, attributeFilter: ['data-step'] });
    }
  });
}

/** The most changes any one panel's data-step saw within a 2-second window, for the panel that saw fewest. */
const fewestChangesIn2s = (page: Page) =>
  page.evaluate(() => {
    const all = (window as unknown as { __stepChanges: Record<string, number[]> }).__stepChanges;
    const best = (ts: number[]) => ts.reduce((m, t, i) => Math.max(m, ts.filter((u, j) => j >= i && u - t <= 2000).length), 0);
    const per = Object.values(all).map(best);
    return per.length ? Math.min(...per) : 0;
  });

const attr = async (page: Page, lambdaPositive: boolean, name: string): Promise<number> =>
  page.evaluate(
    ([pos, n]) => {
      const el = Array.from(document.querySelectorAll<HTMLElement>('.scatter')).find((p) => (Number(p.dataset.lambda) > 0) === pos);
      return Number(el?.getAttribute(`data-${n}`) ?? NaN);
    },
    [lambdaPositive, name] as const,
  );

test('every scatter gets new features at least 4 times in 2 s while compare mode trains on wasm at batch 32, drawn from the training digits', async ({ page }) => {
  // Batch 32, the quick lesson's: a panel moves once per step, and at batch 128 two runs take about 0.4 s a step on two cores.
  await openApp(page, 'compare=1&backend=wasm&batch=32');
  await expect(page.locator('.scatter')).toHaveCount(2);
  await watchScatterSteps(page);
  await page.getByTestId('train-toggle').click();
  // Each panel says which digits it draws: the training digits the steps just computed.
  for (const s of await page.locator('.scatter').all()) await expect(s).toHaveAttribute('data-points-shown', 'train', { timeout: 120_000 });
  await expect.poll(() => fewestChangesIn2s(page), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(4);
  // The header says how long the lesson will take at this speed: the fast preset's measured steps, as images, at batch 32.
  const eta = page.getByTestId('lesson-eta');
  await expect(eta).toHaveAttribute('data-steps', String(lessonSteps('fast', 32)));
  await expect(eta).toHaveText(/^~\d+( min)?( \d+)? s$|^~\d+ min$/);
  await expect(page.getByTestId('scatter-area').locator('figcaption')).toContainText('training digits');
  // Every scatter carries its snapshot's figures.
  for (const s of await page.locator('.scatter').all()) {
    expect(Number(await s.getAttribute('data-intra-ratio'))).toBeGreaterThan(0);
    expect(Number(await s.getAttribute('data-test-acc'))).toBeGreaterThanOrEqual(0);
    expect(await s.getAttribute('data-lambda')).toMatch(/^(0|1)$/);
  }
  // The test digits are one choice away.
  await page.getByTestId('scatter-points').selectOption('test');
  for (const s of await page.locator('.scatter').all()) await expect(s).toHaveAttribute('data-points-shown', 'test');
});

test('the quick lesson: from the shipped softmax start, the λ > 0 panel shows compact, separated clusters at ≥ 90% test accuracy within 400 steps', async ({ page }) => {
  await openApp(page, 'backend=wasm&seed=1');
  await page.getByTestId('quick-lesson').click();
  // It says what the class is looking at.
  await expect(page.getByTestId('quick-note')).toContainText('already trained with softmax alone');
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 120_000 });
  expect(new URL(page.url()).hash).toContain('preset=quick');
  // Both panels start from the trained network: already accurate, spokes not clusters.
  await expect.poll(() => attr(page, false, 'test-acc'), { timeout: 60_000 }).toBeGreaterThan(0.9);
  await expect
    .poll(async () => (await attr(page, true, 'test-intra-ratio')) < 0.5 && (await attr(page, true, 'test-acc')) >= 0.9, { timeout: 300_000, intervals: [500] })
    .toBe(true);
  const step = await attr(page, true, 'metrics-step');
  expect(step).toBeLessThanOrEqual(400);
  // The softmax-only twin, same start and same batches, is less compact: its spokes stay.
  expect(await attr(page, false, 'test-intra-ratio')).toBeGreaterThan(await attr(page, true, 'test-intra-ratio'));
});
