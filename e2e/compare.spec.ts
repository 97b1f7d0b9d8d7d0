import AxeBuilder from '@axe-core/playwright';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

test('compare mode trains softmax-only and center loss in lockstep, side by side', async ({ page }, info) => {
  await openApp(page, `${TINY}&compare=1`);
  const a = page.getByTestId('scatter-softmax');
  const b = page.getByTestId('scatter');
  await expect(a).toHaveAttribute('data-points', '200');
  await expect(b).toHaveAttribute('data-points', '200');
  // The same start: identical initial weights give identical initial features and centers.
  expect(await a.getAttribute('data-centers')).toBe(await b.getAttribute('data-centers'));
  for (let i = 0; i < 3; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(3);
  // Lockstep: both scatters show the snapshot of the same step.
  await expect(a).toHaveAttribute('data-metrics-step', '3');
  await expect(b).toHaveAttribute('data-metrics-step', '3');
  // λ differs, so after three steps the centers no longer agree.
  expect(await a.getAttribute('data-centers')).not.toBe(await b.getAttribute('data-centers'));
  // On wasm each run took its steps in its own worker, side by side, and none failed.
  expect(page.workers().filter((w) => /stepper\.worker/.test(w.url()))).toHaveLength(2);
  await expect(page.getByText(/could not train side by side/)).toHaveCount(0);
  const table = page.getByTestId('metrics');
  await expect(table.locator('thead')).toContainText('λ = 0');
  await expect(table.locator('thead')).toContainText('λ = 1');
  for (const row of ['Test accuracy (softmax)', 'Nearest-center accuracy', 'Intra / min inter', 'Silhouette']) {
    const cells = table.locator('tr', { hasText: row }).locator('td');
    await expect(cells).toHaveCount(2);
    for (const c of await cells.all()) await expect(c).not.toHaveText('–');
  }
  await expect(table.locator('tr', { hasText: 'λ·L_C' }).locator('td').first()).toHaveText('0');
  await page.screenshot({ path: info.outputPath('compare.png'), fullPage: true });

  // Export gives each run's weights.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByTestId('export-weights').click();
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.sort()).toEqual(['center-loss-lab-slim-lambda0-step3.json', 'center-loss-lab-slim-lambda1-step3.json']);
});

test('holding out a digit removes it from training and draws it apart', async ({ page }) => {
  await openApp(page, `${TINY}&holdout=9&compare=1`);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  await expect(page.getByTestId('train-class-counts')).toHaveAttribute('data-counts', '5923,6742,5958,6131,5842,5421,5918,6265,5851,0');
  await expect(page.getByRole('button', { name: /9 \(held out of training\)/ })).toBeVisible();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-held-out', '9');
  const table = page.getByTestId('openset-table');
  // A column per run (λ = 0, λ = 1), a row per measure.
  await expect(table.locator('thead th[scope="col"]')).toHaveText(['Measure', 'λ = 0', 'λ = 1']);
  await expect(table).toContainText('%');
  await page.getByTestId('openset-threshold').fill('0.5');
  // At half the mean distance most known digits are rejected too: the readout follows the slider.
  const known = table.locator('tbody tr', { hasText: 'known digits wrongly rejected' }).locator('td').first();
  await expect.poll(async () => parseFloat((await known.textContent()) ?? '0')).toBeGreaterThan(50);
});

test('compare mode with a held-out digit stays accessible (axe)', async ({ page }) => {
  await openApp(page, `${TINY}&holdout=3&compare=1`);
  await expect(page.getByTestId('scatter-softmax')).toHaveAttribute('data-points', '200');
  await expect(page.getByTestId('openset-table')).toContainText('%');
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

