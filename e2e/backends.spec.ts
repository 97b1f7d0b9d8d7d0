import { wasmThreadsFor } from '../src/ml/threads';
import { expect, openApp, stepCount, test } from './fixtures';

// SwiftShader is a software GPU: one slim step at batch 2 takes tens of seconds, so this is as small as it gets.
const TINY_GPU = 'variant=slim&batch=2&evalSize=20';

test('auto picks WASM on a software GPU, on every core, and says why @gpu', async ({ page }, info) => {
  await openApp(page, 'variant=slim&evalSize=200');
  // The page is cross-origin isolated, so wasm runs its thread pool: both cores of a 2-core machine.
  const threads = wasmThreadsFor(await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.getByTestId('backend-badge')).toHaveText(threads > 1 ? `WASM (CPU, ${threads} threads) · slim model` : 'WASM (CPU) · slim model');
  const why = info.project.name === 'webgpu' ? /is a fallback \(software\) adapter/ : /No WebGPU adapter/;
  await expect(page.getByTestId('notice-banner')).toContainText(why);
  await expect(page.getByTestId('notice-banner')).toContainText('training on WASM (CPU)');
});

test('the app trains one step on the browser GPU backend @gpu', async ({ page, watch }, info) => {
  const backend = info.project.name === 'webgpu' ? 'webgpu' : 'webgl';
  await openApp(page, `${TINY_GPU}&backend=${backend}`);
  await expect(page.getByTestId('backend-badge')).toHaveText(`${backend === 'webgpu' ? 'WebGPU' : 'WebGL'} · slim model`);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '20', { timeout: 120_000 });
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page), { timeout: 180_000 }).toBe(1);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', '1', { timeout: 120_000 });
  await expect(page.getByTestId('metrics')).toContainText('%');
  expect(watch.consoleErrors).toEqual([]);
});
