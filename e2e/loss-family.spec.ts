/** The loss family side by side: softmax, center loss and ArcFace from one start, each in its own panel, exported and one imported back. */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { drawn, expect, openApp, stepCount, test, TINY } from './fixtures';

const LOSSES = ['softmax', 'center', 'arcface'];

test('softmax, center loss and ArcFace train side by side from one start; all three export, and one loads back', async ({ page }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, `${TINY}&runs=${LOSSES.join(',')}`);
  const panels = page.locator('[data-testid^="scatter"][data-run]');
  await expect(panels).toHaveCount(3);
  expect(await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.loss))).toEqual(LOSSES);
  // data-loss beside data-lambda on every panel.
  expect(await panels.evaluateAll((els) => els.map((e) => Number.isFinite(Number((e as HTMLElement).dataset.lambda))))).toEqual([true, true, true]);
  await expect(page.locator('.scatter-title')).toHaveText(['Softmax only', /^Softmax \+ center loss \(λ = [\d.]+\)$/, /^ArcFace s = [\d.]+, m = [\d.]+$/]);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-metrics-step', '0');
  // One start: softmax and center loss classify by the same fc2 logits, so at step 0 they agree digit for digit.
  const acc0 = await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.testAcc));
  expect(acc0[0]).toBe(acc0[1]);
  // Each loss in MathML, in its own terms.
  await expect(page.getByTestId('formula')).toHaveCount(3);
  expect(await page.getByTestId('formula').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.loss))).toEqual(LOSSES);
  await expect(page.getByTestId('live-m')).toBeVisible();
  await expect(page.getByTestId('look-for')).toContainText('ArcFace');

  for (let i = 0; i < 3; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(3);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-metrics-step', '3');
  // Each loss in its own terms: the L_C rows only where a run keeps centers; the charts' keys name runs by loss, λ only for center loss.
  await expect(page.getByTestId('metrics').locator('tr', { hasText: 'Center loss L_C' }).locator('td')).toHaveText(['none', /^\d/, 'none']);
  // The main run is center loss (its L_S, λ·L_C and total); softmax and ArcFace are overlaid by name, with their whole loss.
  await expect(page.getByTestId('loss-chart').locator('h3')).toHaveText(/^Loss \(Center loss λ = [\d.]+\)$/);
  await expect(page.getByTestId('loss-key')).toHaveText(/λ·LC\s+total\s+Softmax: loss\s+ArcFace: loss$/);
  await expect(page.getByTestId('accuracy-key')).toHaveText(/\(Center loss λ = [\d.]+\)\s+Softmax: test .*\s+ArcFace: test /);
  for (const key of [page.getByTestId('loss-key'), page.getByTestId('accuracy-key')]) await expect(key).not.toContainText('λ = 0');
  const arc = panels.nth(2);
  // The angular view: ten class rays, the margin as a wedge; the other losses draw no rays unless the features are on the unit circle.
  await expect(arc).toHaveAttribute('data-rays', '10');
  expect(Number(await arc.getAttribute('data-margin'))).toBeGreaterThan(0);
  await expect(panels.nth(0)).toHaveAttribute('data-rays', '0');
  await expect(page.getByTestId('phase-caption').nth(2)).toContainText(/ArcFace: a feature points \d+° from its class's ray on average/);
  await expect(page.getByTestId('angular-metrics').getByTestId('mean-angle')).toHaveCount(3);
  await expect(page.getByTestId('angular-metrics').getByTestId('mean-angle').nth(2)).toHaveText(/^\d+\.\d°$/);
  await page.getByTestId('scatter-points').selectOption('test');
  await page.getByTestId('unit-features').check();
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-unit', 'on');
  await expect(panels.nth(0)).toHaveAttribute('data-rays', '10');
  // On the unit circle every feature lies within 1 of the origin: the fitted axes stay near ±1.
  for (const p of await panels.all()) {
    const [lo, hi] = (await p.getAttribute('data-x-domain'))!.split(',').map(Number);
    expect(lo!).toBeGreaterThan(-2);
    expect(hi!).toBeLessThan(2);
  }
  await drawn(page);
  await page.screenshot({ path: info.outputPath('loss-family-1920x1080.png') });
  await page.getByTestId('scatter-area').screenshot({ path: info.outputPath('loss-family-panels-1920x1080.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await drawn(page);
  await page.getByTestId('scatter-area').screenshot({ path: info.outputPath('loss-family-panels-1280x720.png') });
  await page.getByTestId('unit-features').uncheck();
  await drawn(page);
  await page.getByTestId('scatter-area').screenshot({ path: info.outputPath('loss-family-raw-1280x720.png') });

  // Export: one file per run, each recording its loss.
  const files: { name: string; path: string }[] = [];
  page.on('download', async (d) => files.push({ name: d.suggestedFilename(), path: await d.path() }));
  await page.getByTestId('export-weights').click();
  await expect.poll(() => files.length).toBe(3);
  await expect.poll(() => files.every((f) => !!f.path)).toBe(true);
  expect(new Set(files.map((f) => f.name)).size).toBe(3);
  const byLoss = new Map(files.map((f) => [JSON.parse(readFileSync(f.path, 'utf8')).loss.kind as string, f]));
  expect([...byLoss.keys()].sort()).toEqual([...LOSSES].sort());
  const arcFile = byLoss.get('arcface')!;
  expect(arcFile.name).toContain('arcface');

  // Import the ArcFace file back: one run, ArcFace, at step 3.
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(4);
  await page.getByTestId('import-weights').setInputFiles(arcFile.path);
  await expect.poll(() => stepCount(page)).toBe(3);
  await expect(panels).toHaveCount(1);
  await expect(panels.first()).toHaveAttribute('data-loss', 'arcface');
  await expect(panels.first()).toHaveAttribute('data-metrics-step', '3');
  await expect(panels.first()).toHaveAttribute('data-rays', '10');
});

test('the losses are picked on the page and written to the link; an old compare link still trains two center-loss runs', async ({ page }) => {
  await openApp(page, `${TINY}&compare=1`);
  const panels = page.locator('[data-testid^="scatter"][data-run]');
  await expect(panels).toHaveCount(2);
  expect(await panels.evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.loss, (e as HTMLElement).dataset.lambda]))).toEqual([
    ['center', '0'],
    ['center', '1'],
  ]);
  // A click while the worker is still answering the last change may show the old ticks for a moment: wait for where it settles.
  await page.getByTestId('loss-run-softmax').click();
  await expect(panels).toHaveCount(1);
  await page.getByTestId('loss-run-cosface').click();
  await expect(panels).toHaveCount(2);
  await expect(page.getByTestId('loss-run-cosface')).toBeChecked();
  await expect(page.getByTestId('loss-run-softmax')).toBeChecked();
  await expect.poll(() => page.url()).toContain('runs=softmax,cosface');
  expect(await panels.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.loss))).toEqual(['softmax', 'cosface']);
  await expect(page.getByTestId('show-rays')).toBeChecked();
  // The angular switches, the loss picker and the angular figures are as accessible as the rest.
  await page.getByTestId('step-once').click();
  await expect(page.getByTestId('angular-metrics')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('in 3-D the class rays and the unit sphere turn with the view', async ({ page }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, `${TINY}&featDim=3&runs=softmax,arcface`);
  const panels = page.locator('[data-testid^="scatter"][data-run]');
  await expect(panels).toHaveCount(2);
  for (let i = 0; i < 2; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(2);
  const arc = panels.nth(1);
  await expect(arc).toHaveAttribute('data-dim', '3');
  await expect(arc).toHaveAttribute('data-rays', '10');
  await page.getByTestId('scatter-points').selectOption('test');
  await page.getByTestId('unit-features').check();
  await expect(page.getByTestId('unit-features').locator('..')).toContainText('Unit sphere');
  await expect(arc).toHaveAttribute('data-unit', 'on');
  const before = await arc.getAttribute('data-orbit');
  await arc.locator('canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expect(arc).not.toHaveAttribute('data-orbit', before!);
  await drawn(page);
  await page.getByTestId('scatter-area').screenshot({ path: info.outputPath('loss-family-3d-1920x1080.png') });
});

test('open set in each loss’s terms: by distance to the centers for center loss, by angle to the class rays for ArcFace', async ({ page }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, `${TINY}&holdout=9&runs=center,arcface`);
  const panels = page.locator('[data-testid^="scatter"][data-run]');
  await expect(panels).toHaveCount(2);
  for (let i = 0; i < 2; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(2);
  for (const p of await panels.all()) await expect(p).toHaveAttribute('data-metrics-step', '2');
  await expect(page.getByTestId('openset-score')).toHaveText(['distance to the nearest known center', "angle to the nearest known class's ray"]);
  expect(await page.getByTestId('openset-score').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.score))).toEqual(['distance', 'angle']);
  await expect(page.getByTestId('openset-table').locator('tr', { hasText: 'threshold' }).locator('td').nth(1)).toHaveText(/^\d+° from every ray$/);
  // Center loss: a ring around each center; ArcFace: no ring, the rejected directions shaded (2-D) at the same angle as the table's.
  await expect(panels.nth(0)).toHaveAttribute('data-open-set', 'distance');
  await expect(panels.nth(0)).toHaveAttribute('data-ring', /\d/);
  await expect(panels.nth(1)).toHaveAttribute('data-open-set', 'angle');
  await expect(panels.nth(1)).not.toHaveAttribute('data-ring', /.*/);
  await expect(panels.nth(1)).toHaveAttribute('data-reject-angle', /\d/);
  await expect(page.locator('[data-testid="scatter-area"] > figcaption')).toContainText("For a loss without centers it is an angle: the grey sectors are the directions farther than it from every known class's ray");
  // The slider moves the angle: a tight threshold leaves directions between the rays rejected, a loose one none.
  await page.getByTestId('openset-threshold').fill('0.5');
  await expect.poll(async () => Number(await panels.nth(1).getAttribute('data-rejected-sectors'))).toBeGreaterThan(0);
  const tight = Number(await panels.nth(1).getAttribute('data-reject-angle'));
  await page.getByTestId('openset-threshold').fill('6');
  await expect.poll(async () => Number(await panels.nth(1).getAttribute('data-reject-angle'))).toBeGreaterThan(tight);
  await page.getByTestId('openset-threshold').fill('1.5');
  await drawn(page);
  await page.getByTestId('scatter-area').screenshot({ path: info.outputPath('openset-angle-1920x1080.png') });
  await page.locator('.openset').screenshot({ path: info.outputPath('openset-panel-1920x1080.png') });
});
