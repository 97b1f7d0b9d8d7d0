/** The λ sweep as small multiples — N runs in lockstep from one start, one panel, column and file per run. */
import { expect, openApp, stepCount, test, TINY } from './fixtures';

const SWEEP = [0, 0.01, 0.1, 1];

test('a sweep of four λ values trains four runs in lockstep, each with its panel, column and weights file', async ({ page }, info) => {
  await openApp(page, `${TINY}&sweep=${SWEEP.join(',')}`);
  const panels = page.locator('[data-testid^="scatter"][data-run]');
  await expect(panels).toHaveCount(4);
  expect(await panels.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.lambda)))).toEqual(SWEEP);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-points', '200');
  // One start: identical centers at step 0 in every panel.
  const c0 = await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.centers));
  expect(new Set(c0).size).toBe(1);
  await expect(page.getByLabel('λ, center-loss weight')).toBeDisabled();
  for (let i = 0; i < 3; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(3);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-metrics-step', '3');
  const table = page.getByTestId('metrics');
  await expect(table.locator('thead th[scope="col"]')).toHaveText(['Metric', ...SWEEP.map((l) => `λ = ${l}`)]);
  await expect(table.locator('tr', { hasText: 'Test accuracy' }).locator('td')).toHaveCount(4);
  // Each panel fits its own run by default; ticked, one scale across all four (to the sub-pixel differences in the panels' widths).
  await expect(page.getByTestId('same-scale')).not.toBeChecked();
  await page.getByTestId('same-scale').check();
  const width = (d: number[]) => d[1]! - d[0]!;
  // Polled: the panels re-render after the tick, not with it.
  const oneScale = async () => {
    const domains = await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.xDomain!.split(',').map(Number)));
    return domains.every((d) => Math.abs(width(d) / width(domains[0]!) - 1) < 1e-3 && Math.abs(d[0]! + d[1]! - domains[0]![0]! - domains[0]![1]!) < 1e-3 * width(d));
  };
  await expect.poll(oneScale).toBe(true);
  // Off, each panel fits its own features: four different domains.
  await page.getByTestId('same-scale').uncheck();
  await expect.poll(async () => new Set(await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.xDomain))).size).toBe(4);
  await page.getByTestId('same-scale').check();
  await expect(page.getByTestId('relative-spread')).toHaveCount(3);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByText('images/s per run × 4')).toBeVisible();
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  const at = await stepCount(page);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-metrics-step', String(at));
  await page.screenshot({ path: info.outputPath('sweep-1440x900.png') });
  const names: string[] = [];
  page.on('download', (d) => names.push(d.suggestedFilename()));
  await page.getByTestId('export-weights').click();
  await expect.poll(() => names.length).toBe(4);
  expect(names.sort()).toEqual(SWEEP.map((l) => `center-loss-lab-slim-lambda${l}-step${at}.json`).sort());
});

test('the sweep is set from the page, and written to the link', async ({ page }) => {
  await openApp(page, TINY);
  await expect(page.locator('[data-testid^="scatter"][data-run]')).toHaveCount(1);
  await page.getByTestId('sweep-input').fill('0,0.1,1');
  await page.getByTestId('sweep-input').press('Enter');
  await expect(page.locator('[data-testid^="scatter"][data-run]')).toHaveCount(3);
  await expect.poll(() => page.url()).toContain('sweep=0,0.1,1');
  await page.getByTestId('sweep-input').fill('1,1');
  await page.getByTestId('sweep-input').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'the λ values of a sweep must differ' })).toBeVisible();
  await page.getByTestId('sweep-paper').click();
  await expect(page.locator('[data-testid^="scatter"][data-run]')).toHaveCount(1);
  expect(page.url()).not.toContain('sweep=');
});
