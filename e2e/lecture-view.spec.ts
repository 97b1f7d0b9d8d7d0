/** The view: scales that tell the truth, zoom you can undo, hold-out, presentation mode, screenshots. */
import type { Locator, Page } from '@playwright/test';
import { drawn, expect, openApp, stepCount, test, TINY } from './fixtures';

const domainOf = async (l: Locator, axis: 'x' | 'y'): Promise<[number, number]> => {
  const v = (await l.getAttribute(`data-${axis}-domain`)) ?? '';
  return v.split(',').map(Number) as [number, number];
};

/** How many times smaller the λ = 1 run's features are than softmax only's, from the panel's words (same scale on or off). */
async function spreadRatio(page: Page): Promise<number> {
  const texts = await page.getByTestId('relative-spread').allTextContents();
  const m = /features ([\d.]+)× smaller/.exec(texts[1] ?? '');
  return m ? Number(m[1]) : 0;
}

async function steps(page: Page, n: number): Promise<void> {
  const from = await stepCount(page);
  for (let i = 0; i < n; i++) await page.getByTestId('step-once').click();
  await expect.poll(() => stepCount(page)).toBe(from + n);
}

test('compare: each scatter fits its own run by default and says how they compare; "Same scale" gives both one domain', async ({ page }) => {
  await openApp(page, `${TINY}&compare=1`);
  const a = page.getByTestId('scatter-softmax');
  const b = page.getByTestId('scatter');
  // Until center loss has pulled its features in, however many steps a busy machine needs: the ratio the panels state.
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => spreadRatio(page), { timeout: 240_000 }).toBeGreaterThan(2);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await steps(page, 1);
  const at = String(await stepCount(page));
  await expect(a).toHaveAttribute('data-metrics-step', at);
  await expect(b).toHaveAttribute('data-metrics-step', at);
  // Off by default: each panel fits its own run; ticked, one domain for both.
  await expect(page.getByTestId('same-scale')).not.toBeChecked();
  await page.getByTestId('same-scale').check();
  // Both panels read in one poll: a domain read before the re-render is not the shared one.
  const domains = async (l: Locator) => JSON.stringify([await domainOf(l, 'x'), await domainOf(l, 'y')]);
  await expect.poll(async () => (await domains(a)) === (await domains(b))).toBe(true);
  await page.getByTestId('same-scale').uncheck();
  // Each fits its own features now: the two domains part.
  await expect.poll(async () => JSON.stringify(await domainOf(a, 'x')) !== JSON.stringify(await domainOf(b, 'x'))).toBe(true);
  // Each panel says how its spread compares with the other's: the same factor, seen from both sides.
  const rel = page.getByTestId('relative-spread');
  await expect(rel).toHaveCount(2);
  const [ra, rb] = [await rel.nth(0).textContent(), await rel.nth(1).textContent()];
  const m = /features ([\d.]+)× (smaller|larger) than softmax only/.exec(rb ?? '');
  expect(m, rb ?? '').not.toBeNull();
  expect(ra).toBe(`features ${m![1]}× ${m![2] === 'smaller' ? 'larger' : 'smaller'} than softmax + center loss (λ = 1)`);
  await expect(page.getByTestId('scatter-panel')).toHaveCount(2);
  // Under each panel, what its run is doing now, from its live metrics (ml/phase.ts).
  const captions = page.getByTestId('phase-caption');
  await expect(captions).toHaveCount(2);
  expect(await captions.nth(0).getAttribute('data-phase')).toMatch(/^(start|radial|angular)$/);
  expect(await captions.nth(1).getAttribute('data-phase')).toMatch(/^(inward|separating|rounding|compact|spokes)$/);
  if ((await captions.nth(1).getAttribute('data-phase')) === 'inward') await expect(captions.nth(1)).toContainText('Center loss first pulls every feature inward');
  await expect(a).toHaveAttribute('data-lambda', '0');
  await expect(b).toHaveAttribute('data-lambda', '1');
});

test('zoom can be undone: the reset control, a double-click, and Reset all return to the fitted view; drawing stays inside the axes', async ({ page }) => {
  await openApp(page, TINY);
  const s = page.getByTestId('scatter');
  await expect(s).toHaveAttribute('data-points', '200');
  const fitted = await domainOf(s, 'x');
  const reset = page.getByTestId('zoom-reset');
  await expect(reset).toBeVisible();
  await expect(reset).toBeDisabled();
  const zoomIn = async () => {
    const box = (await s.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await domainOf(s, 'x'))[1] - (await domainOf(s, 'x'))[0]).toBeLessThan((fitted[1] - fitted[0]) / 2);
  };
  await zoomIn();
  // Points outside the plot area are not drawn (nor drawn over the tick labels).
  await expect.poll(async () => Number(await s.getAttribute('data-points'))).toBeLessThan(200);
  await expect(reset).toBeEnabled();
  await reset.click();
  await expect.poll(() => domainOf(s, 'x')).toEqual(fitted);
  await expect(s).toHaveAttribute('data-points', '200');
  await zoomIn();
  await s.dblclick();
  await expect.poll(() => domainOf(s, 'x')).toEqual(fitted);
  await zoomIn();
  await steps(page, 2);
  await page.getByTestId('reset').click();
  await expect.poll(() => stepCount(page)).toBe(0);
  await expect(s).toHaveAttribute('data-metrics-step', '0');
  await expect.poll(() => domainOf(s, 'x')).toEqual(fitted);
  await expect(reset).toBeDisabled();
});

test('hold-out: no center for the class that never trains, and its digits marked unlike any class', async ({ page }) => {
  await openApp(page, `${TINY}&holdout=9`);
  const s = page.getByTestId('scatter');
  await expect(s).toHaveAttribute('data-points', '200');
  await expect(s).toHaveAttribute('data-held-out', '9');
  // Nine centers (18 coordinates), not ten.
  await expect.poll(async () => ((await s.getAttribute('data-centers')) ?? '').split(',').length).toBe(18);
  const swatch = page.getByRole('button', { name: /9 \(held out of training\)/ }).locator('.swatch');
  expect(await swatch.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('svg');
  await expect(page.locator('[data-testid="scatter-area"] > figcaption')).toContainText('Digit 9 is held out of training');
});

for (const [w, h, scale] of [
  [1920, 1080, 1],
  [1280, 720, 1],
  // 150% browser zoom of a 1280×720 window: 853×480 CSS pixels at 1.5 device pixels each.
  [853, 480, 1.5],
] as const) {
  test(`presentation mode fills ${w}×${h}${scale > 1 ? ' (1280×720 at 150% zoom)' : ''} with large type; F enters, Esc leaves`, async ({ browser }, info) => {
    const context = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: scale });
    const page = await context.newPage();
    await openApp(page, `${TINY}&compare=1`);
    await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
    await page.locator('body').press('f');
    const root = page.locator('.app');
    await expect(root).toHaveAttribute('data-presentation', 'on');
    expect(page.url()).toContain('present=1');
    // → steps in presentation mode too (it has no Step button).
    for (let i = 1; i <= 3; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => stepCount(page)).toBe(i);
    }
    for (const id of ['scatter-softmax', 'scatter']) {
      const s = page.getByTestId(id);
      await expect(s).toHaveAttribute('data-metrics-step', '3');
      if (w === 1920) {
        expect(Number(await s.getAttribute('data-label-px'))).toBeGreaterThanOrEqual(24);
        expect(Number(await s.getAttribute('data-dot-px'))).toBeGreaterThanOrEqual(5);
      }
      const box = (await s.boundingBox())!;
      expect(box.width).toBeGreaterThan(w * 0.3);
      expect(box.y + box.height).toBeLessThanOrEqual(h + 1);
    }
    // On screen, without scrolling: the legend, the step, each run's key metrics, what to look for.
    for (const l of [page.locator('.legend'), page.getByTestId('step-counter'), page.getByTestId('look-for'), ...(await page.getByTestId('panel-stats').all())]) {
      await expect(l).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByTestId('panel-stats')).toHaveCount(2);
    await expect(page.getByTestId('panel-stats').first()).toContainText('test');
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1)).toBe(true);
    await page.screenshot({ path: info.outputPath(`presentation-${w}x${h}${scale > 1 ? '-1280x720-at-150pct' : ''}.png`) });
    await page.keyboard.press('Escape');
    await expect(root).toHaveAttribute('data-presentation', 'off');
    expect(page.url()).not.toContain('present=1');
    await context.close();
  });
}

test('presentation mode shows a four-run sweep in one row at 1920×1080, each panel with its λ and metrics', async ({ browser }, info) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await openApp(page, `${TINY}&sweep=0,0.01,0.1,1`);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  await page.locator('body').press('f');
  const panels = page.locator('.scatter[data-run]');
  await expect(panels).toHaveCount(4);
  const boxes = await Promise.all((await panels.all()).map((p) => p.boundingBox()));
  // One row: the same top for all four, each a quarter of the width or so, all on screen.
  for (const b of boxes) {
    expect(Math.abs(b!.y - boxes[0]!.y)).toBeLessThan(2);
    expect(b!.width).toBeGreaterThan(1920 * 0.2);
    expect(b!.y + b!.height).toBeLessThanOrEqual(1081);
  }
  await expect(page.getByTestId('panel-stats')).toHaveCount(4);
  for (const l of await page.getByTestId('panel-stats').all()) await expect(l).toBeInViewport({ ratio: 1 });
  await expect(page.locator('.scatter-title')).toHaveText(['Softmax only (λ = 0)', 'Softmax + center loss (λ = 0.01)', 'Softmax + center loss (λ = 0.1)', 'Softmax + center loss (λ = 1)']);
  await page.screenshot({ path: info.outputPath('presentation-sweep-1920x1080.png') });
  await context.close();
});

test('present=1 in the link opens presentation mode; its button leaves it', async ({ page }) => {
  await page.goto(`/#${TINY}&present=1`);
  await expect(page.locator('.app')).toHaveAttribute('data-presentation', 'on');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200', { timeout: 120_000 });
  await page.getByTestId('presentation-toggle').click();
  await expect(page.locator('.app')).toHaveAttribute('data-presentation', 'off');
  await expect(page.getByTestId('metrics')).toBeVisible();
});

test('screenshots while compare mode trains, at 1280×720, 1440×900 and 1920×1080, presentation included', async ({ page }, info) => {
  await openApp(page, `${TINY}&compare=1`);
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 240_000 }).toBeGreaterThan(40);
  for (const [w, h] of [[1280, 720], [1440, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await drawn(page);
    await page.screenshot({ path: info.outputPath(`compare-${w}x${h}.png`) });
    // At 1280×720 the compare switch is above the fold.
    await expect(page.getByTestId('compare-toggle')).toBeInViewport();
    await page.locator('body').press('f');
    await expect(page.locator('.app')).toHaveAttribute('data-presentation', 'on');
    await drawn(page);
    await page.screenshot({ path: info.outputPath(`compare-${w}x${h}-presentation.png`) });
    await page.keyboard.press('Escape');
    await expect(page.locator('.app')).toHaveAttribute('data-presentation', 'off');
  }
  await page.getByTestId('train-toggle').click();
});
