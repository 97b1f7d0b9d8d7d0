import type { Page, Worker } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../src/workers/headers';
import { wasmThreadsFor } from '../src/ml/threads';
import { expect, stepCount, test, TINY } from './fixtures';

/** securitypolicyviolation events, kept from the moment the listener is added: in the page and in each worker. */
const recordViolations = () => {
  const g = globalThis as unknown as { cspViolations: string[] };
  g.cspViolations = [];
  globalThis.addEventListener('securitypolicyviolation', (e) => g.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
};
const recorded = () => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? ['no listener'];

/**
 * A worker's violations are its own events, not the page's: the training worker's script is served with the listener
 * in front. wasm's pthread workers (blob:) cannot be reached so; one refused there would stop the threads, which the badge shows.
 */
async function recordInWorker(page: Page): Promise<void> {
  await page.route(/\/assets\/training\.worker-[^/]*\.js$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: `(${recordViolations.toString()})();\n${await res.text()}` });
  });
}

// Routes do not see what a service worker answers; offline.spec.ts checks the policy on the cached responses.
test.use({ serviceWorkers: 'block' });

/** Records violations in the page and the training worker; returns the workers seen. */
async function watchViolations(page: Page): Promise<Worker[]> {
  const workers: Worker[] = [];
  page.on('worker', (w) => void (w.url().startsWith('blob:') || workers.push(w)));
  await recordInWorker(page);
  await page.addInitScript(recordViolations);
  return workers;
}

async function expectNoViolations(page: Page, workers: Worker[]): Promise<void> {
  expect(await page.evaluate(recorded)).toEqual([]);
  expect(workers.map((w) => w.url())).toEqual([expect.stringMatching(/training\.worker/)]);
  for (const w of workers) expect(await w.evaluate(recorded), w.url()).toEqual([]);
}

test('the app trains under its Content-Security-Policy, and nothing violates it', async ({ page, watch }) => {
  const workers = await watchViolations(page);
  const res = await page.goto(`/#${TINY}`);
  // The policy the server sends is the one the app was built with, and it allows no eval.
  expect(res!.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
  await expect(page.getByTestId('dataset-counts')).toBeVisible({ timeout: 120_000 });
  // wasm compiled, its thread pool of blob workers started: the badge names the threads.
  const threads = wasmThreadsFor(await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.getByTestId('backend-badge')).toHaveText(threads > 1 ? `WASM (CPU, ${threads} threads) · slim model` : 'WASM (CPU) · slim model', { timeout: 120_000 });
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(10);
  await expect(page.getByTestId('scatter')).not.toHaveAttribute('data-step', '0');
  // The worker's memory, as its reports carry it.
  await expect(page.getByTestId('memory')).toHaveText(/^Worker memory: [1-9]\d* tensors, \d+\.\d MB$/);
  await page.getByTestId('train-toggle').click();
  await expectNoViolations(page, workers);
  expect(watch.consoleErrors).toEqual([]);
});

test('the browser GPU backend builds its programs and embeds under the policy @gpu', async ({ page, watch }, info) => {
  const workers = await watchViolations(page);
  const backend = info.project.name === 'webgpu' ? 'webgpu' : 'webgl';
  // Forward passes only: a training step on SwiftShader takes tens of seconds (backends.spec.ts trains one).
  await page.goto(`/#variant=slim&batch=2&evalSize=20&backend=${backend}`);
  await expect(page.getByTestId('backend-badge')).toHaveText(`${backend === 'webgpu' ? 'WebGPU' : 'WebGL'} · slim model`, { timeout: 120_000 });
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '20', { timeout: 120_000 });
  await expectNoViolations(page, workers);
  expect(watch.consoleErrors).toEqual([]);
});
