import type { Page } from '@playwright/test';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

const AUG = 'augRotate=20&augShift=2&augScale=0.15';

/** Share of the strip's pixels that are ink (darker than mid-grey): digits, not a blank canvas. */
const inkShare = (page: Page) =>
  page.getByTestId('augment-strip').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) ink++;
    return ink / (d.length / 4);
  });

test('augmentation from the link: its sliders show it, and the strip shows the batch as the network saw it', async ({ page, watch }) => {
  await openApp(page, `${TINY}&${AUG}`);
  await expect(page.getByTestId('augRotate-input')).toHaveValue('20');
  await expect(page.getByTestId('augShift-input')).toHaveValue('2');
  await expect(page.getByTestId('augScale-input')).toHaveValue('0.15');
  await expect(page.getByTestId('augment')).toContainText('Train a step');
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(1);
  const strip = page.getByTestId('augment-strip');
  await expect(strip).toHaveAttribute('data-step', '0');
  await expect(strip).toHaveAttribute('aria-label', /^The first 8 digits of step 0's batch as the network saw them: (\d ){7}\d$/);
  const ink = await inkShare(page);
  expect(ink).toBeGreaterThan(0.03);
  expect(ink).toBeLessThan(0.5);
  expect(watch.consoleErrors).toEqual([]);
});

test('augmented training runs on the browser GPU backend too (WebGPU, else WebGL), and shows its strip @gpu', async ({ page, watch }, info) => {
  const backend = info.project.name === 'webgpu' ? 'webgpu' : 'webgl';
  await openApp(page, `variant=slim&batch=2&evalSize=20&backend=${backend}&${AUG}`);
  await expect(page.getByTestId('backend-badge')).toHaveText(`${backend === 'webgpu' ? 'WebGPU' : 'WebGL'} · slim model`);
  await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page), { timeout: 180_000 }).toBe(1);
  await expect(page.getByTestId('augment-strip')).toHaveAttribute('aria-label', /^The first 2 digits of step 0's batch/);
  expect(await inkShare(page)).toBeGreaterThan(0.03);
  expect(watch.consoleErrors).toEqual([]);
});
