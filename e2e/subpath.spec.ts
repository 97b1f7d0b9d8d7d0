import { rmSync } from 'node:fs';
import { wasmThreadsFor } from '../src/ml/threads';
import { expect, stepCount, test, TINY } from './fixtures';
import { hostDist, serveStatic, SUB_PATH } from './staticHost';

const PORT = Number(process.env.E2E_PORT ?? 4174) + 1;
/** Settings a link carries: compare mode and a λ that no preset has. */
const LINK = `compare=1&${TINY}&lambda=0.3`;

/** Keeps every text the pre-start status showed in sessionStorage, which a reload keeps: the first visit's words outlive its page. */
const RECORD_STATUS = `new MutationObserver(() => {
  const el = document.querySelector('[data-testid="isolation-status"]');
  if (!el) return;
  const seen = JSON.parse(sessionStorage.getItem('seen-status') || '[]');
  if (!seen.includes(el.textContent)) sessionStorage.setItem('seen-status', JSON.stringify([...seen, el.textContent]));
}).observe(document, { subtree: true, childList: true });`;

test('on a plain static host under a sub-path the page isolates itself with one reload, trains on wasm threads, keeps the link and works offline', async ({ browser }, info) => {
  const root = hostDist();
  const host = await serveStatic(root, PORT);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(RECORD_STATUS);
    const errors: string[] = [];
    const failed: string[] = [];
    let loads = 0;
    page.on('load', () => loads++);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    // No headers from this server: the page is not isolated as it arrives.
    const first = await (await context.request.get(`${host.url}${SUB_PATH}`)).headersArray();
    expect(first.map((h) => h.name.toLowerCase())).not.toEqual(expect.arrayContaining(['cross-origin-opener-policy']));

    await page.goto(`${host.url}${SUB_PATH}#${LINK}`);
    await expect(page.getByTestId('dataset-counts')).toContainText('60,000', { timeout: 120_000 });
    await expect(page.getByTestId('backend-badge')).not.toHaveText('starting…', { timeout: 120_000 });
    // One automatic reload, and the first visit said why before it.
    expect(loads).toBe(2);
    const said = JSON.parse((await page.evaluate(() => sessionStorage.getItem('seen-status'))) ?? '[]') as string[];
    expect(said).toEqual([expect.stringMatching(/sends no cross-origin isolation headers.*reloads once by itself/)]);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('isolation-status')).toHaveCount(0);
    // The link's settings survived the reload: two runs, the second at λ 0.3.
    expect(new URL(page.url()).hash).toContain('lambda=0.3');
    await expect(page.locator('[data-run][data-lambda]')).toHaveCount(2);
    await expect(page.locator('[data-run][data-lambda="0.3"]')).toHaveCount(1);
    const threads = wasmThreadsFor(await page.evaluate(() => navigator.hardwareConcurrency));
    expect(threads).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('backend-badge')).toHaveText(`WASM (CPU, ${threads} threads) · slim model`);
    await page.getByTestId('train-toggle').click();
    await expect.poll(() => stepCount(page), { timeout: 120_000 }).toBeGreaterThan(15);
    await page.screenshot({ path: info.outputPath('subpath-training-1280x720.png') });
    await page.getByTestId('train-toggle').click();
    // Nothing asked of the server's root: every URL stayed under the sub-path.
    expect(failed).toEqual([]);

    // Offline after the first visit: the server is gone.
    await host.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('dataset-counts')).toContainText('60,000', { timeout: 120_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('backend-badge')).toHaveText(`WASM (CPU, ${threads} threads) · slim model`, { timeout: 120_000 });
    const before = await stepCount(page);
    await page.getByTestId('train-toggle').click();
    await expect.poll(() => stepCount(page), { timeout: 120_000 }).toBeGreaterThan(before + 5);
    await page.getByTestId('train-toggle').click();
    expect(loads).toBe(3);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await host.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
});

test('where no service worker can add the headers, the page trains on one thread and says the server is the reason, without reloading', async ({ browser }) => {
  const root = hostDist();
  const host = await serveStatic(root, PORT);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`${host.url}${SUB_PATH}#${TINY}`);
    await expect(page.getByTestId('backend-badge')).toHaveText('WASM (CPU, 1 thread: the server sends no cross-origin isolation headers) · slim model', { timeout: 120_000 });
    await expect(page.getByTestId('notice-banner')).toContainText(/Training on 1 thread: the server sends no cross-origin isolation headers: set "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp"/);
    await page.getByTestId('train-toggle').click();
    await expect.poll(() => stepCount(page), { timeout: 120_000 }).toBeGreaterThan(3);
    expect(loads).toBe(1);
  } finally {
    await context.close();
    await host.close();
    rmSync(root, { recursive: true, force: true });
  }
});
