/**
 * The quick lesson as the class sees it: screenshots at 1920×1080 at moments after the Quick lesson click, with each
 * panel's figures then (step, accuracy, elongation, within/between, caption). Usage:
 *   npx vite build --configLoader runner && npx tsx scripts/dev/quick-shots.ts [outDir] [seconds,…]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';

const out = process.argv[2] ?? `bench/results/screens-${new Date().toISOString().slice(0, 10)}`;
const moments = (process.argv[3] ?? '0,5,10,20').split(',').map(Number);
mkdirSync(out, { recursive: true });
const served = await serveDist();
const browser = await launchChromium('plain');
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${served.base}#backend=wasm&seed=1`);
  await page.getByTestId('quick-lesson').waitFor();
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid=quick-lesson]')?.disabled);
  await page.getByTestId('quick-lesson').click();
  const clicked = Date.now();
  const rows = [];
  for (const s of moments) {
    const wait = clicked + s * 1000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    const file = `quick-${s}s-1920x1080.png`;
    await page.screenshot({ path: join(out, file) });
    const panels = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.scatter')).map((el) => ({
        lambda: Number(el.dataset.lambda),
        step: Number(el.dataset.metricsStep),
        acc: Number(el.dataset.testAcc),
        elongation: Number(Number(el.dataset.elongation).toFixed(2)),
        wb: Number(Number(el.dataset.withinBetween).toFixed(3)),
        caption: el.closest('[data-testid=scatter-panel]')?.querySelector('[data-testid=phase-caption]')?.textContent ?? '',
      })),
    );
    rows.push({ seconds: Math.round((Date.now() - clicked) / 100) / 10, file, status: await page.getByTestId('run-status').textContent(), panels });
  }
  writeFileSync(join(out, 'quick-moments.json'), JSON.stringify(rows, null, 1));
  console.log(JSON.stringify(rows, null, 1));
} finally {
  await browser.close();
  await served.close();
}
