/** Nothing lost, in the browser: a reload resumes bit for bit, a crashed worker restarts from the autosave, a damaged save is refused, a lost WebGL context goes on. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, fault, openApp, stepCount, test, TINY } from './fixtures';

interface WeightsFile {
  training: { step: number };
  tensors: Record<string, { shape: number[]; data: number[] }>;
  centers: { data: number[] };
}

async function exported(page: Page): Promise<WeightsFile> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-weights').click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8')) as WeightsFile;
}

async function stepTo(page: Page, n: number): Promise<void> {
  while ((await stepCount(page)) < n) {
    const next = (await stepCount(page)) + 1;
    await page.getByTestId('step-once').click();
    await expect(page.getByTestId('step-counter')).toHaveText(String(next));
  }
}

const savedAt = (page: Page, step: number) => expect(page.getByTestId('autosave')).toHaveAttribute('data-step', String(step));

test('a reload resumes exactly, and so does a crashed worker: the weights of an uninterrupted run, bit for bit', async ({ page, browser, watch }) => {
  const reference = await (await browser.newContext()).newPage();
  await openApp(reference, TINY);
  await stepTo(reference, 5);
  const uninterrupted = await exported(reference);

  await openApp(page, TINY);
  await expect(page.getByTestId('resume-run')).toHaveCount(0);
  await stepTo(page, 3);
  await savedAt(page, 3);
  await page.reload();
  const offer = page.getByTestId('resume-run');
  await expect(offer).toContainText('step 3 · slim · λ 1 · seed 1');
  await page.getByTestId('resume-saved').click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText('3');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', '3');
  // The loss chart came back with the run: three reports, one per step.
  await expect(page.getByTestId('notice-banner')).toContainText('Resumed the saved run at step 3.');
  await stepTo(page, 5);
  const resumed = await exported(page);
  expect(resumed.training.step).toBe(5);
  expect(resumed.tensors).toEqual(uninterrupted.tensors);
  expect(resumed.centers).toEqual(uninterrupted.centers);

  // The worker dies: a new one takes over from the autosave of step 5.
  await savedAt(page, 5);
  await fault(page, 'crash');
  await expect(page.getByTestId('error-banner')).toContainText('It was restarted and resumed from the autosave at step 5.');
  await expect(page.getByTestId('step-counter')).toHaveText('5');
  await stepTo(page, 6);
  await stepTo(reference, 6);
  expect((await exported(page)).tensors).toEqual((await exported(reference)).tensors);
  expect(watch.consoleErrors.filter((e) => !/simulated crash/.test(e))).toEqual([]);
});

test('a damaged save is reported and discarded; the page trains', async ({ page }) => {
  await openApp(page, TINY);
  await stepTo(page, 1);
  await savedAt(page, 1);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('center-loss-lab', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('autosave', 'readwrite');
          tx.objectStore('autosave').put({ format: 'center-loss-lab/autosave', savedAt: 0, session: { version: 1 }, page: { runs: [], markers: [] } }, 'latest');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  await expect(page.getByTestId('notice-banner')).toContainText('The autosave of an earlier visit could not be used');
  await expect(page.getByTestId('resume-run')).toHaveCount(0);
  await openApp(page, TINY);
  await stepTo(page, 1);
  await savedAt(page, 1);
});

/** Tensors whose values moved by 1e-4 or more between two files. */
const drifted = (a: WeightsFile, b: WeightsFile) => Object.entries(a.tensors).filter(([name, t]) => !t.data.every((v, k) => Math.abs(b.tensors[name]!.data[k]! - v) < 1e-4)).map(([name]) => name);

// WebGL's loss is real (WEBGL_lose_context); WebGPU's is simulated: SwiftShader's device cannot be lost on demand.
for (const [backend, tag, reason] of [
  ['webgl', '', 'the WebGL context was lost'],
  ['webgpu', ' @webgpu', 'simulated'],
] as const) {
  test(`a lost ${backend} device: training goes on on WASM at the same step, with the same weights${tag}`, async ({ page }) => {
    await openApp(page, `${TINY}&backend=${backend}&evalSize=50`);
    await expect(page.getByTestId('backend-badge')).toContainText(new RegExp(backend, 'i'));
    await stepTo(page, 2);
    const before = await exported(page);
    await fault(page, 'device-lost');
    await expect(page.getByTestId('error-banner')).toContainText(`The GPU device was lost (${reason}). Training continues on WASM at step 2, every run`);
    await expect(page.getByTestId('backend-badge')).toContainText(/wasm/i);
    await expect(page.getByTestId('step-counter')).toHaveText('2');
    const after = await exported(page);
    expect(after.training.step).toBe(2);
    // Recomputed on another backend from the last CPU copy: the same weights up to float rounding.
    expect(drifted(before, after)).toEqual([]);
    await stepTo(page, 3);
  });
}
