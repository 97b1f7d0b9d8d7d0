import type { Response } from '@playwright/test';
import { wasmThreadsFor } from '../src/ml/threads';
import { CONTENT_SECURITY_POLICY, ISOLATION_HEADERS } from '../src/workers/headers';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

test('after one visit the app reloads, loads the data and trains with the network off, still isolated', async ({ page, context, watch }) => {
  await openApp(page, TINY);
  const badge = (await page.getByTestId('backend-badge').textContent())!;
  // The service worker takes the page over only once its whole precache is installed (clientsClaim after install).
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('dataset-counts')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('dataset-counts')).toContainText('60,000');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Same backend, same threads as online.
  await expect(page.getByTestId('backend-badge')).toHaveText(badge, { timeout: 120_000 });
  const threads = wasmThreadsFor(await page.evaluate(() => navigator.hardwareConcurrency));
  expect(badge).toBe(threads > 1 ? `WASM (CPU, ${threads} threads) · slim model` : 'WASM (CPU) · slim model');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(10);
  await expect(page.getByTestId('memory')).toContainText('tensors');
  await page.getByTestId('train-toggle').click();
  // Everything came from the service worker: the document, the scripts, the wasm binaries and the data.
  const urls = responses.map((r) => new URL(r.url()).pathname);
  expect(urls).toEqual(expect.arrayContaining(['/', '/mnist/train-images-idx3-ubyte.gz', expect.stringMatching(/^\/assets\/tfjs-backend-wasm-threaded-simd-.*\.wasm$/)]));
  expect(responses.filter((r) => !r.url().startsWith('blob:') && !r.fromServiceWorker()).map((r) => r.url())).toEqual([]);
  // The cached document carries the served headers: isolation and the CSP.
  const doc = responses.find((r) => new URL(r.url()).pathname === '/')!;
  expect(await doc.allHeaders()).toMatchObject({ ...lower(ISOLATION_HEADERS), 'content-security-policy': CONTENT_SECURITY_POLICY });
  expect(watch.consoleErrors).toEqual([]);
  // And what the cache lacks is really out of reach.
  expect(await page.evaluate(() => fetch(`/mnist/manifest.json?uncached=${Date.now()}`).then(() => 'fetched', () => 'failed'))).toBe('failed');
});
