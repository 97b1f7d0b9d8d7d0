import AxeBuilder from '@axe-core/playwright';
import { expect, openApp, test } from './fixtures';

test('the URL hash sets up the run, follows changes, and survives a reload', async ({ page }) => {
  await openApp(page, 'preset=fast&lambda=0.5&alpha=0.3&lr=0.05&batch=16&rule=paper&variant=slim&seed=7&evalSize=200');
  await expect(page.getByTestId('lambda-input')).toHaveValue('0.5');
  await expect(page.getByTestId('alpha-input')).toHaveValue('0.3');
  await expect(page.getByTestId('lr-input')).toHaveValue('0.05');
  await expect(page.getByLabel('Seed')).toHaveValue('7');
  await expect(page.getByLabel('Center update')).toHaveValue('paper');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  await page.getByTestId('alpha-input').fill('0.2');
  await page.getByTestId('alpha-input').press('Enter');
  await expect.poll(() => page.url()).toContain('alpha=0.2');
  await page.reload();
  await expect(page.getByTestId('alpha-input')).toHaveValue('0.2');
  await expect(page.getByTestId('lambda-input')).toHaveValue('0.5');
});

test('invalid hash values are ignored with a notice, not a crash', async ({ page }) => {
  await openApp(page, 'lambda=-3&batch=abc&backend=quantum&evalSize=200&variant=slim');
  const notice = page.getByTestId('notice-banner');
  await expect(notice).toContainText('Ignored lambda=-3');
  await expect(notice).toContainText('Ignored batch=abc');
  await expect(notice).toContainText('Ignored backend=quantum');
  await expect(page.getByTestId('lambda-input')).toHaveValue('1');
});

test('out-of-range input is refused with a message', async ({ page }) => {
  await openApp(page, 'variant=slim&evalSize=200');
  await page.getByTestId('alpha-input').fill('3');
  await page.getByTestId('alpha-input').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'between 0 and 1' })).toBeVisible();
  expect(page.url()).not.toContain('alpha=3');
});

test('axe finds no serious or critical accessibility violations', async ({ page }) => {
  await openApp(page, 'variant=slim&evalSize=200');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '200');
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
