/** Hold-out figures, rings and resume words; stats and captions of what is drawn; header and timeline agree. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { drawn, expect, openApp, stepCount, test, TINY } from './fixtures';

/** Trains until the main run has reached `steps` and the timeline holds `snapshots` snapshots, then pauses on a drawn snapshot. */
async function trainUntil(page: Page, steps: number, snapshots = 1): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 240_000 }).toBeGreaterThan(steps);
  await expect.poll(async () => Number(await page.getByTestId('timeline').getAttribute('data-snapshots')), { timeout: 240_000 }).toBeGreaterThanOrEqual(snapshots);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', String(await stepCount(page)));
}

/** The closest pair among the centers a scatter draws (its data-centers: the trained ones only). */
async function minCenterGap(page: Page, testId: string): Promise<number> {
  const v = ((await page.getByTestId(testId).getAttribute('data-centers')) ?? '').split(',').map(Number);
  let min = Infinity;
  for (let a = 0; a < v.length; a += 2) for (let b = a + 2; b < v.length; b += 2) min = Math.min(min, Math.hypot(v[a]! - v[b]!, v[a + 1]! - v[b + 1]!));
  return min;
}

const metricCells = (page: Page, row: string) => page.getByTestId('metrics').locator('tr', { hasText: row }).locator('td');

test('hold-out: every figure leaves out the untrained center, accuracies say they count the known digits, no rings before training', async ({ page }, info) => {
  await openApp(page, `${TINY}&compare=1&holdout=9`);
  const s = page.getByTestId('scatter');
  await expect(s).toHaveAttribute('data-points', '200');
  await expect(s).toHaveAttribute('data-metrics-step', '0');
  // Step 0: the centers were never trained, so no open-set threshold is drawn around them.
  await drawn(page);
  expect(await s.getAttribute('data-ring')).toBeNull();
  await trainUntil(page, 30);
  // Trained: the rings appear.
  await expect.poll(async () => Number(await s.getAttribute('data-ring'))).toBeGreaterThan(0);
  // Nine centers drawn, and the table's closest pair is among those nine (center 9 still sits at its random start).
  expect(((await s.getAttribute('data-centers')) ?? '').split(',')).toHaveLength(18);
  // The table and the scatter come to one snapshot (the page takes the worker's stream at its own pace).
  const gap = async () => Math.abs(Number(await metricCells(page, 'Min inter-center distance').nth(1).textContent()) - (await minCenterGap(page, 'scatter')));
  await expect.poll(gap).toBeLessThan(0.002);
  // The accuracies say what they count, and how much of the whole test set can be right at all (20 of each digit).
  for (const stats of await page.getByTestId('panel-stats').all()) await expect(stats).toHaveText(/^known digits: test \d+\.\d% · nearest center \d+\.\d% · intra\/min-inter/);
  await expect(page.getByTestId('scatter-area').locator('figcaption')).toContainText('The accuracies count the 180 test digits of the trained classes (not the 9s); of all 200, at most 90.0% can be right.');
  await expect(page.getByTestId('metrics-held-out')).toContainText('at most 90.0% can be right');
  // The CSV says which class its accuracies leave out.
  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const lines = readFileSync(await (await csv).path(), 'utf8').trim().split('\n');
  expect(lines[0]!.split(',').at(-1)).toBe('held_out_class');
  expect(lines.slice(1).every((l) => l.endsWith(',9'))).toBe(true);
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('scatter-area').scrollIntoViewIfNeeded();
    await drawn(page);
    await page.screenshot({ path: info.outputPath(`holdout-${w}x${h}.png`) });
  }
});

test('the resume offer names the held-out digit, and no rings are drawn before the choice', async ({ page }) => {
  await openApp(page, `${TINY}&holdout=9`);
  for (let i = 1; i <= 2; i++) {
    await page.getByTestId('step-once').click();
    await expect(page.getByTestId('step-counter')).toHaveText(String(i));
  }
  await expect(page.getByTestId('autosave')).toHaveAttribute('data-step', '2');
  await page.reload();
  await expect(page.getByTestId('resume-run')).toContainText('step 2 · slim · λ 1 · seed 1 · digit 9 held out');
  const s = page.getByTestId('scatter');
  await expect(s).toHaveAttribute('data-points', '200');
  await drawn(page);
  expect(await s.getAttribute('data-ring')).toBeNull();
  await page.getByTestId('discard-saved').click();
  await expect(page.getByTestId('resume-run')).toHaveCount(0);
});

test('replay shows the replayed step’s figures and caption; live, both panels describe one step and the header agrees with the timeline', async ({ page }) => {
  await openApp(page, `${TINY}&compare=1`);
  // Side by side, the page says why intra/min-inter can rank the runs against their pictures.
  await expect(page.getByTestId('ratio-caveat')).toContainText('rests on the one closest pair of centers');
  await page.getByTestId('train-toggle').click();
  // While training: each check reads the page at one instant.
  for (let k = 0; k < 5; k++) {
    await expect.poll(() => stepCount(page), { timeout: 240_000 }).toBeGreaterThan(10 * (k + 1));
    const seen = await page.evaluate(() => ({
      header: document.querySelector('[data-testid="step-counter"]')?.textContent,
      live: document.querySelector('[data-testid="timeline-label"]')?.textContent,
      stats: Array.from(document.querySelectorAll<HTMLElement>('[data-testid="panel-stats"]'), (e) => e.dataset.step),
    }));
    expect(seen.live).toBe(`Live (step ${seen.header})`);
    expect(seen.stats).toHaveLength(2);
    expect(seen.stats[0]).toBe(seen.stats[1]);
  }
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', String(await stepCount(page)));
  const stats = page.getByTestId('panel-stats');
  const live = await stats.nth(1).textContent();
  const captions = page.getByTestId('phase-caption');
  await expect(captions.nth(1)).toHaveAttribute('data-replay', 'off');
  // Back to the first snapshot, step 0: its own figures (chance accuracy) and the untrained caption, not the live ones.
  await page.getByTestId('timeline').fill('0');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-step', '0');
  for (const k of [0, 1]) {
    await expect(stats.nth(k)).toHaveAttribute('data-step', '0');
    await expect(captions.nth(k)).toHaveAttribute('data-replay', 'on');
    await expect(captions.nth(k)).toHaveAttribute('data-phase', 'start');
  }
  await expect(stats.nth(1)).not.toHaveText(live ?? '');
  await page.getByTestId('timeline-live').click();
  await expect(captions.nth(1)).toHaveAttribute('data-replay', 'off');
  await expect(stats.nth(1)).toHaveText(live ?? '');
});

test('the caption follows λ both ways: lowered to 0 it tells of spokes, raised again of center loss', async ({ page }) => {
  await openApp(page, TINY);
  const caption = page.getByTestId('phase-caption');
  await page.getByTestId('train-toggle').click();
  await expect(caption).toHaveAttribute('data-phase', /^(inward|stacked|separating|rounding|compact|spokes)$/, { timeout: 240_000 });
  for (const [lambda, phase] of [['0', /^(start|radial|angular)$/], ['1', /^(inward|stacked|separating|rounding|compact|spokes)$/]] as const) {
    await page.getByTestId('lambda-input').fill(lambda);
    await page.getByTestId('lambda-input').press('Enter');
    await expect(page.getByTestId('live-lambda')).toHaveText(lambda);
    await expect(caption).toHaveAttribute('data-phase', phase, { timeout: 240_000 });
  }
  await page.getByTestId('train-toggle').click();
});
