import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

// Tiny: slim model, batch 8, 200 eval digits. Both projects train on wasm here (SwiftShader is no real GPU).

async function centers(page: Page): Promise<number[]> {
  const v = await page.getByTestId('scatter').getAttribute('data-centers');
  return (v ?? '').split(',').map(Number);
}

test('training runs: the counter rises, the scatter draws, the centers move', async ({ page, watch }, info) => {
  await openApp(page, TINY);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', '0');
  const before = await centers(page);
  expect(before).toHaveLength(20);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(20);
  await expect.poll(async () => Number(await page.getByTestId('scatter').getAttribute('data-step'))).toBeGreaterThan(0);
  const after = await centers(page);
  const moved = Math.max(...after.map((v, i) => Math.abs(v - before[i]!)));
  expect(moved).toBeGreaterThan(1e-3);
  await expect(page.getByTestId('backend-badge')).toContainText('WASM');
  await expect(page.getByTestId('metrics')).toContainText('%');
  await page.screenshot({ path: info.outputPath('training.png') });
  await page.getByTestId('train-toggle').click();
  expect(watch.consoleErrors).toEqual([]);
});

test('a λ change reaches the running worker', async ({ page }) => {
  await openApp(page, TINY);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(5);
  await page.getByTestId('lambda-input').fill('0');
  await page.getByTestId('lambda-input').press('Enter');
  await expect(page.getByTestId('hyper-applied')).toContainText(/Applied by the worker from step \d+/);
  await expect(page.getByTestId('metrics')).toContainText('λ·L_C (λ = 0)');
  await expect(page.getByTestId('live-lambda')).toHaveText('0');
  // λ = 0: the weighted center loss is exactly zero once new reports arrive.
  await expect(page.getByTestId('metrics').locator('tr', { hasText: 'λ·L_C' }).locator('td')).toHaveText('0');
  expect(page.url()).toContain('lambda=0');
});

test('pause stops the counter, Step advances it by exactly one, Reset returns to 0', async ({ page }) => {
  await openApp(page, TINY);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(3);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  const paused = await stepCount(page);
  // The worker handles requests in order: Step lands on exactly paused + 1 only if nothing trained after the pause,
  // and the → below on exactly paused + 2 only if Step trained one step.
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(paused + 1);
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  // The keyboard: → steps once more.
  await page.locator('body').press('ArrowRight');
  await expect.poll(() => stepCount(page)).toBe(paused + 2);
  await page.getByTestId('reset').click();
  await expect.poll(() => stepCount(page)).toBe(0);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', '0');
});

test('weights export, validate, import back; a malformed file is refused and the run kept', async ({ page }, info) => {
  await openApp(page, TINY);
  for (let i = 0; i < 3; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(3);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-weights').click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  const w = JSON.parse(text);
  expect(w.format).toBe('center-loss-lab/weights');
  expect(w.model.variant).toBe('slim');
  expect(w.tensors['conv1_1.weight'].shape).toEqual([16, 1, 5, 5]);
  expect(w.tensors['fc1.weight'].shape).toEqual([2, 576]);
  expect(w.training.step).toBe(3);
  expect(w.probe.features.shape).toEqual([16, 2]);
  const exportedCenters = (await centers(page)).map((v) => +v.toFixed(4));

  // Train on, then load the export back: the run returns to step 3 and the same embedding.
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(4);
  await page.getByTestId('import-weights').setInputFiles(file);
  await expect.poll(() => stepCount(page)).toBe(3);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', '3');
  expect((await centers(page)).map((v) => +v.toFixed(4))).toEqual(exportedCenters);
  // The file holds no curves: the charts say why theirs start at step 3.
  await expect(page.getByTestId('charts-note')).toContainText('Loaded from a weights file at step 3');
  await expect(page.getByTestId('charts-note')).toContainText('the loss and accuracy curves start at step 3');

  // Its probe matches what the reloaded model computes: export again and compare.
  const again = page.waitForEvent('download');
  await page.getByTestId('export-weights').click();
  const w2 = JSON.parse(readFileSync(await (await again).path(), 'utf8'));
  expect(w2.tensors).toEqual(w.tensors);
  w2.probe.features.data.forEach((v: number, i: number) => expect(Math.abs(v - w.probe.features.data[i])).toBeLessThan(1e-5));

  // A malformed file: a clear message naming the problem, and the run untouched.
  const bad = { ...w, tensors: { ...w.tensors, 'conv2_1.weight': { shape: [1], data: [0] } } };
  await page.getByTestId('import-weights').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  // In plain words; the schema's detail one click away, below.
  await expect(page.getByTestId('error-banner')).toContainText('This weights file was not loaded: it is damaged, or was written for another model or version.');
  await expect(page.getByTestId('error-banner')).not.toContainText('Invalid input');
  await expect(page.getByTestId('error-detail')).not.toHaveAttribute('open');
  await page.getByTestId('error-detail').locator('summary').click();
  await expect(page.getByTestId('error-detail')).toContainText('tensors.conv2_1.weight.shape');
  expect(await stepCount(page)).toBe(3);
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(4);
  await page.getByTestId('import-weights').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{not json') });
  await expect(page.getByTestId('error-banner')).toContainText('This file was not loaded: it is not a weights file (not even JSON text).');
  await expect(page.getByTestId('error-detail')).toContainText('not valid JSON');
  // JSON that is no weights file at all (the "model: Invalid input: expected object, received undefined").
  await page.getByTestId('import-weights').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByTestId('error-banner')).toContainText('it is not a Center Loss Lab weights file (use one written by Export weights)');
  await expect(page.getByTestId('error-detail')).toContainText('format');
  expect(await stepCount(page)).toBe(4);
  await page.screenshot({ path: info.outputPath('import-error.png') });
});

test('a paused page asks for no animation frames; training draws', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __frames: number };
    w.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (f) => {
      w.__frames++;
      return raf(f);
    };
  });
  const framesIn = async (ms: number) => {
    await page.evaluate(() => ((window as unknown as { __frames: number }).__frames = 0));
    await page.waitForTimeout(ms);
    return page.evaluate(() => (window as unknown as { __frames: number }).__frames);
  };
  await openApp(page, TINY);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  // Quiet once the first drawing is done: a window with no frame at all, however long the start takes.
  await expect.poll(() => framesIn(1500), { timeout: 60_000 }).toBe(0);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(3);
  await expect.poll(() => framesIn(500)).toBeGreaterThan(0);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  // The last snapshot's tween (450 ms) ends, then the page goes quiet.
  await expect.poll(() => framesIn(1500), { timeout: 60_000 }).toBe(0);
});

