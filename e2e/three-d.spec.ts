import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

// A 3-D run (featDim=3): the scatter is a view of the 3-D features that turns by drag and by keyboard, and returns to the fitted view.

const scatter = (page: Page) => page.getByTestId('scatter');
const orbit = async (page: Page) => (await scatter(page).getAttribute('data-orbit')) ?? '';

test('a 3-D run trains, its scatter shows every digit, dragging turns it, Reset view returns it', async ({ page, watch }, info) => {
  await openApp(page, `${TINY}&featDim=3`);
  await expect(scatter(page)).toHaveAttribute('data-dim', '3');
  await expect(scatter(page)).toHaveAttribute('data-points', '200');
  // Ten centers of three values each.
  await expect.poll(async () => ((await scatter(page).getAttribute('data-centers')) ?? '').split(',').length).toBe(30);
  // The test digits: the same 200 in every snapshot (live, the training digits come and go).
  await page.getByTestId('scatter-points').selectOption('test');
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(20);
  await expect.poll(async () => Number(await scatter(page).getAttribute('data-step'))).toBeGreaterThan(0);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await expect(scatter(page)).toHaveAttribute('data-points', '200');

  await expect(scatter(page)).toHaveAttribute('data-fitted', 'yes');
  await expect(page.getByTestId('view-reset')).toBeDisabled();
  const fitted = await orbit(page);
  const box = (await scatter(page).locator('canvas').first().boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 60, cy + 20, { steps: 4 });
  await page.mouse.move(cx + 120, cy + 40, { steps: 4 });
  await page.mouse.up();
  await expect(scatter(page)).toHaveAttribute('data-fitted', 'no');
  expect(await orbit(page)).not.toBe(fitted);
  // A drag turns the view about the cloud's middle; it does not pan it (the fitted domain stays centred on it).
  const [x0, x1] = ((await scatter(page).getAttribute('data-x-domain')) ?? '').split(',').map(Number);
  expect(x0! + x1!).toBeCloseTo(0, 5);
  expect(x1).toBeGreaterThan(0);
  await expect(scatter(page)).toHaveAttribute('data-points', '200');
  await page.screenshot({ path: info.outputPath('three-d-turned.png') });

  await page.getByTestId('view-reset').click();
  await expect(scatter(page)).toHaveAttribute('data-fitted', 'yes');
  expect(await orbit(page)).toBe(fitted);
  await expect(page.getByTestId('view-reset')).toBeDisabled();

  // The keyboard does the same: arrows turn the focused view, Home returns it.
  await scatter(page).locator('canvas').first().focus();
  const step = await stepCount(page);
  await page.keyboard.press('ArrowRight');
  await expect(scatter(page)).toHaveAttribute('data-fitted', 'no');
  // → on the focused view turns it; it is not the page's "step once" there.
  await page.keyboard.press('ArrowLeft');
  await expect(scatter(page)).toHaveAttribute('data-orbit', fitted);
  expect(await stepCount(page)).toBe(step);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await expect(scatter(page)).toHaveAttribute('data-fitted', 'yes');
  expect(watch.consoleErrors).toEqual([]);
});

test('axe finds no serious or critical accessibility violations in a 3-D run (a focusable, turnable scatter)', async ({ page }) => {
  await openApp(page, 'variant=slim&evalSize=200&featDim=3');
  await expect(scatter(page)).toHaveAttribute('data-dim', '3');
  await expect(scatter(page).locator('canvas').first()).toHaveAttribute('aria-label', /arrow keys/);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
