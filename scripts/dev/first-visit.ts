/**
 * A first visit to a deployment, as a student makes it: prints what the page says at each step (the status before the
 * app, each load, the badge, the notices) and writes screenshots at 1280x720. Any static server: point it at the URL.
 * npx tsx scripts/dev/first-visit.ts http://127.0.0.1:8000/courses/ml/lab/ [out-dir]
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { BASE_FLAGS, chromiumPath } from '../../e2e/chromium';

const url = process.argv[2] ?? 'http://127.0.0.1:4212/courses/ml/lab/';
const out = process.argv[3] ?? 'test-results/first-visit';
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: BASE_FLAGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
const t0 = Date.now();
const say = (what: string) => console.log(`${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${what}`);
let shot = 0;
page.on('load', () => say(`load: ${page.url()}`));
page.on('console', (m) => m.type() === 'error' && say(`console error: ${m.text()}`));
await page.goto(`${url}#compare=1&preset=fast&batch=8&variant=slim&evalSize=200&lambda=0.3`, { waitUntil: 'commit' });
const status = page.getByTestId('isolation-status');
try {
  await status.waitFor({ timeout: 10_000 });
  say(`status: "${await status.textContent()}"`);
  await page.screenshot({ path: `${out}/${++shot}-first-visit-status.png` });
} catch {
  say('no status shown before the app');
}
await page.getByTestId('dataset-counts').waitFor({ timeout: 120_000 });
await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.textContent !== 'starting…', null, { timeout: 120_000 });
say(`isolated: ${await page.evaluate(() => crossOriginIsolated)}; hash: ${new URL(page.url()).hash}`);
say(`badge: "${await page.getByTestId('backend-badge').textContent()}"`);
for (const n of await page.locator('[data-testid="notice"], .notice').allTextContents()) say(`notice: "${n}"`);
await page.getByTestId('train-toggle').click();
await page.waitForFunction(() => Number(document.querySelector('[data-testid="step-counter"]')?.textContent) > 30, null, { timeout: 180_000 });
say(`training: step ${await page.getByTestId('step-counter').textContent()}`);
await page.screenshot({ path: `${out}/${++shot}-training.png` });
await browser.close();
