// Screenshots of the loss family's panels after some training, at 1920×1080 and 1280×720, raw and on the unit circle.
// Usage: npx vite build --configLoader runner && npx vite preview --configLoader runner --port 4231 & node scripts/dev/loss-family-shots.mjs [steps] [hash] [outDir]
import { chromium } from '@playwright/test';

const [steps = '300', hash = 'preset=fast&variant=slim&batch=32&evalSize=600&runs=softmax,center,arcface', outDir = 'test-results/shots'] = process.argv.slice(2);
const port = process.env.PORT ?? '4231';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await page.goto(`http://127.0.0.1:${port}/#${hash}`);
await page.getByTestId('dataset-counts').waitFor({ timeout: 120000 });
await page.waitForFunction(() => document.querySelector('[data-testid=scatter]')?.getAttribute('data-step') === '0', null, { timeout: 120000 });
await page.getByTestId('train-toggle').click();
await page.waitForFunction((n) => Number(document.querySelector('[data-testid=step-counter]')?.textContent) >= n, Number(steps), { timeout: 3_000_000, polling: 2000 });
await page.getByTestId('train-toggle').click();
await page.getByTestId('run-status').filter({ hasText: 'paused' }).waitFor({ timeout: 120000 });
// One more step embeds the test digits at a step every panel shares.
await page.getByTestId('step-once').click();
await page.getByTestId('scatter-points').selectOption('test');
const settle = async () => {
  await page.waitForTimeout(1500);
  const at = await page.getByTestId('step-counter').textContent();
  await page.waitForFunction((s) => [...document.querySelectorAll('[data-testid^="scatter"][data-run]')].every((e) => e.getAttribute('data-metrics-step') === s), at, { timeout: 120000 });
  await page.waitForTimeout(600);
};
await settle();
const tag = hash.includes('featDim=3') ? '3d' : '2d';
for (const [w, h] of [[1920, 1080], [1280, 720]]) {
  await page.setViewportSize({ width: w, height: h });
  await page.getByTestId('unit-features').uncheck();
  await page.waitForTimeout(400);
  await page.getByTestId('scatter-area').screenshot({ path: `${outDir}/${tag}-raw-${w}x${h}.png` });
  await page.getByTestId('unit-features').check();
  await page.waitForTimeout(400);
  await page.getByTestId('scatter-area').screenshot({ path: `${outDir}/${tag}-unit-${w}x${h}.png` });
}
await page.setViewportSize({ width: 1920, height: 1080 });
await page.locator('[data-testid=metrics]').locator('..').screenshot({ path: `${outDir}/${tag}-metrics.png` });
await page.locator('.formulas').screenshot({ path: `${outDir}/${tag}-formulas.png` });
const figures = await page.locator('[data-testid^="scatter"][data-run]').evaluateAll((els) => els.map((e) => ({ loss: e.dataset.loss, step: e.dataset.metricsStep, acc: e.dataset.testAcc, rays: e.dataset.rays, margin: e.dataset.margin })));
console.log(JSON.stringify({ hash, steps: Number(steps), figures }));
await browser.close();
