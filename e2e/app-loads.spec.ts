import { expect, openApp, test } from './fixtures';

test('the app loads the full MNIST and shows real digits', async ({ page, watch }, info) => {
  const t0 = Date.now();
  await openApp(page);
  await expect(page.getByTestId('dataset-counts')).toHaveText('60,000 training / 10,000 test digits');
  const grid = page.getByTestId('digit-grid');
  await expect(grid).toBeVisible();
  // Real digits: ink in the grid, and the labels of the first test digits (7 2 1 0 4 1 4 9 …).
  await expect(grid).toHaveAttribute('aria-label', /^The first 48 test digits: 7 2 1 0 4 1 4 9 5 9/);
  const ink = await grid.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
    return dark / (d.length / 4);
  });
  expect(ink).toBeGreaterThan(0.05);
  expect(ink).toBeLessThan(0.4);
  info.annotations.push({ type: 'dataset ready (ms)', description: String(Date.now() - t0) });
  await page.screenshot({ path: info.outputPath('app-loaded.png') });
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('the page is cross-origin isolated', async ({ page }) => {
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('at 1280 × 720 every select in the controls shows its whole chosen option', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const cut = await page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    return Array.from(document.querySelectorAll<HTMLSelectElement>('.controls select, .field select')).flatMap((sel) => {
      const cs = getComputedStyle(sel);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = sel.selectedOptions[0]?.textContent ?? '';
      // The drop-down arrow and the padding take about 28 px of the box.
      const room = sel.clientWidth - 28;
      return ctx.measureText(text).width > room ? [`${sel.dataset.testid ?? sel.id}: "${text}" needs ${Math.round(ctx.measureText(text).width)} px, has ${room}`] : [];
    });
  });
  await page.locator('.controls, section').first().screenshot({ path: info.outputPath('controls-1280.png') });
  expect(cut).toEqual([]);
});
