/** The quick lesson's softmax-only panel is the shipped start itself: it says so, and it does not train while the λ > 0 panel does. */
import { expect, openApp, test } from './fixtures';

test('the quick lesson’s softmax-only panel stays the start (step 0, not trained further) while center loss trains beside it', async ({ page }) => {
  await openApp(page, 'quick=1&backend=wasm&seed=1');
  const softmax = page.getByTestId('scatter-softmax');
  const lesson = page.getByTestId('scatter');
  await expect(page.getByTestId('frozen-note')).toHaveText(': the start, not trained further');
  await expect(page.getByTestId('frozen-note')).toHaveCount(1);
  await page.getByTestId('train-toggle').click();
  // The λ > 0 panel's test digits are embedded again as it trains...
  await expect.poll(async () => Number(await lesson.getAttribute('data-metrics-step')), { timeout: 120_000, intervals: [500] }).toBeGreaterThanOrEqual(20);
  // ...the softmax-only panel's are still those of the start.
  await expect(softmax).toHaveAttribute('data-metrics-step', '0');
  expect(Number(await page.getByTestId('step-counter').textContent())).toBeGreaterThanOrEqual(20);
});
