/** Beyond MNIST: IDX files dropped on the page (Fashion-MNIST from Debian, generated 5- and 26-class sets), trained on, named everywhere, kept across a reload. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { asFiles, FASHION_DIR, fashionFiles, syntheticSet } from '../test/idxSets';
import { malformedCorpus } from '../test/idxCorpus';
import type { GivenFile } from '../src/ml/idxFiles';
import { drawn, expect, fault, openApp, stepCount, test, TINY } from './fixtures';

const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The files as the picker hands them over (the drop zone's input, several files at once). */
async function dropFiles(page: Page, files: GivenFile[]): Promise<void> {
  await page.getByTestId('dataset-files').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
}

const legendNames = (page: Page) => page.locator('.legend .legend-item').allTextContents();

async function trainTo(page: Page, steps: number): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page)).toBeGreaterThan(steps);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('train-toggle')).toHaveText('Train');
}

test('Fashion-MNIST dropped on the page trains, and its class names are in the legend, the metrics and the export', async ({ page, watch }, info) => {
  await openApp(page, `${TINY}&compare=1`);
  await expect(page.getByTestId('dataset-name')).toContainText('MNIST');
  expect(fashionFiles().map((f) => f.name).sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
  await dropFiles(page, fashionFiles());
  await expect(page.getByTestId('dataset-name')).toContainText('Fashion-MNIST, 10 classes, from your files');
  await expect(page.getByTestId('dataset-counts')).toHaveText('60,000 training / 10,000 test images');
  expect(await legendNames(page)).toEqual(FASHION_NAMES);
  await expect(page.getByTestId('holdout-select').locator('option').nth(10)).toHaveText('9: Ankle boot');
  await trainTo(page, 30);
  // The metrics name the classes: per-class accuracy, hardest first.
  const perClass = page.getByTestId('class-accuracy');
  await expect(perClass).toBeVisible();
  for (const name of FASHION_NAMES) await expect(perClass).toContainText(name);
  // The CSV says what it was measured on.
  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const lines = readFileSync(await (await csv).path(), 'utf8').trim().split('\n');
  const col = lines[0]!.split(',').indexOf('dataset');
  expect(col).toBeGreaterThan(0);
  expect(lines.length).toBeGreaterThan(2);
  expect(lines.slice(1).every((l) => l.split(',')[col] === 'fashion-mnist')).toBe(true);
  // The export sheet's legend names the classes: its canvas text, recorded as the PNG is drawn.
  await page.evaluate(() => {
    const texts: string[] = [];
    (window as unknown as { sheetTexts: string[] }).sheetTexts = texts;
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, t: string, x: number, y: number, w?: number) {
      texts.push(t);
      return w === undefined ? fill.call(this, t, x, y) : fill.call(this, t, x, y, w);
    };
  });
  const png = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  expect((await png).suggestedFilename()).toMatch(/\.png$/);
  const texts = await page.evaluate(() => (window as unknown as { sheetTexts: string[] }).sheetTexts);
  for (const name of FASHION_NAMES) expect(texts).toContain(name);
  expect(texts.some((t) => t.startsWith('Fashion-MNIST · '))).toBe(true);
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('scatter-area').scrollIntoViewIfNeeded();
    await drawn(page);
    await page.screenshot({ path: info.outputPath(`fashion-compare-${w}x${h}.png`) });
  }
  // A reload trains on the same files, kept in the browser.
  await page.reload();
  await expect(page.getByTestId('dataset-name')).toContainText('Fashion-MNIST', { timeout: 120_000 });
  expect(await legendNames(page)).toEqual(FASHION_NAMES);
  expect(watch.consoleErrors).toEqual([]);
  expect(FASHION_DIR).toBe('/usr/share/datasets/fashion-mnist');
});

test('a generated 26-class set: 26 named classes, renamed by the user, kept across a reload', async ({ page, watch }) => {
  await openApp(page, TINY);
  await dropFiles(page, asFiles(syntheticSet(26, { train: 20, test: 8 }), true));
  await expect(page.getByTestId('dataset-name')).toContainText('26 classes, from your files');
  await expect(page.getByTestId('dataset-counts')).toHaveText('520 training / 208 test images');
  const generic = Array.from({ length: 26 }, (_, k) => `class ${k}`);
  expect(await legendNames(page)).toEqual(generic);
  await expect(page.getByTestId('holdout-select').locator('option')).toHaveCount(27);
  await trainTo(page, 10);
  await expect(page.getByTestId('scatter')).not.toHaveAttribute('data-step', '0');
  // Named by the user: A … Z everywhere the classes are named.
  const letters = Array.from({ length: 26 }, (_, k) => String.fromCharCode(65 + k));
  await page.getByTestId('class-names').locator('summary').click();
  await page.getByTestId('class-names-input').fill(letters.join('\n'));
  await page.getByTestId('class-names-apply').click();
  await expect.poll(() => legendNames(page)).toEqual(letters);
  await expect(page.getByTestId('holdout-select').locator('option').nth(26)).toHaveText('25: Z');
  // A name missing is refused on the page, and nothing changes.
  await page.getByTestId('class-names-input').fill(letters.slice(1).join('\n'));
  await page.getByTestId('class-names-apply').click();
  await expect(page.getByTestId('class-names').getByRole('alert')).toHaveText('Give one name a line for each of the 26 classes (25 given).');
  expect(await legendNames(page)).toEqual(letters);
  await page.reload();
  await expect(page.getByTestId('dataset-name')).toContainText('26 classes, from your files', { timeout: 120_000 });
  await expect.poll(() => legendNames(page)).toEqual(letters);
  expect(watch.consoleErrors).toEqual([]);
});

test('a generated 5-class set trains; a faulty set is refused file by file and the run stays; Use MNIST in one click', async ({ page, watch }) => {
  await openApp(page, TINY);
  await dropFiles(page, asFiles(syntheticSet(5, { train: 40, test: 20 })));
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes, from your files');
  expect(await legendNames(page)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
  await trainTo(page, 10);
  const step = await stepCount(page);
  // Each fault of the corpus names its file beside it; the 5-class run on screen is kept.
  for (const c of malformedCorpus().filter((m) => m.files.length === 4 && m.names !== 'the files').slice(0, 3)) {
    await dropFiles(page, c.files);
    const status = page.getByTestId('dataset-file-status');
    await expect(status.locator('li.data-error').filter({ hasText: c.names })).toContainText(c.says, { timeout: 60_000 });
    await expect(page.getByTestId('dataset-kept')).toContainText('Nothing was changed');
    await expect(page.getByTestId('dataset-name')).toContainText('5 classes');
    expect(await stepCount(page)).toBe(step);
  }
  // Three files: said at once, before anything is sent.
  await dropFiles(page, asFiles(syntheticSet(5)).slice(0, 3));
  await expect(page.getByTestId('dataset-refused')).toContainText('Drop the four IDX files together');
  await page.getByTestId('use-mnist').click();
  await expect(page.getByTestId('dataset-counts')).toHaveText('60,000 training / 10,000 test digits', { timeout: 120_000 });
  expect(await legendNames(page)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  await page.reload();
  await expect(page.getByTestId('dataset-counts')).toHaveText('60,000 training / 10,000 test digits', { timeout: 120_000 });
  expect(watch.consoleErrors).toEqual([]);
});

test('dropped files are kept in the browser: an offline visit trains on them', async ({ page, context, watch }) => {
  await openApp(page, TINY);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
  await dropFiles(page, asFiles(syntheticSet(5, { train: 40, test: 20 }), true));
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes, from your files');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes, from your files', { timeout: 120_000 });
  expect(await legendNames(page)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
  await trainTo(page, 5);
  await expect(page.getByTestId('scatter')).not.toHaveAttribute('data-step', '0');
  expect(watch.consoleErrors).toEqual([]);
});

test('a crashed worker is restarted on the dropped files, resuming the autosave of that data', async ({ page, watch }) => {
  await openApp(page, TINY);
  await dropFiles(page, asFiles(syntheticSet(5, { train: 40, test: 20 })));
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes, from your files');
  await trainTo(page, 10);
  // Paused, the step is saved at once.
  const saved = await stepCount(page);
  await expect(page.getByTestId('autosave')).toHaveAttribute('data-step', String(saved));
  await fault(page, 'crash');
  await expect(page.getByTestId('error-banner')).toContainText(`It was restarted and resumed from the autosave at step ${saved}.`);
  await expect(page.getByTestId('step-counter')).toHaveText(String(saved));
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes, from your files');
  expect(await legendNames(page)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
  expect(watch.consoleErrors.filter((e) => !/training worker|crash/i.test(e))).toEqual([]);
});

test('EMNIST-style transposed files: the switch turns every image back, and a reload keeps it with the files', async ({ page }, info) => {
  await openApp(page, TINY);
  await dropFiles(page, asFiles(syntheticSet(5, { train: 40, test: 10 }), true));
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes');
  const grid = page.getByTestId('digit-grid');
  /** The first image of the grid, as ink (0–255) row by row. */
  const firstImage = () =>
    grid.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => 255 - d[i * 4]!);
    });
  const plain = await firstImage();
  const switchBox = page.getByTestId('dataset-transposed');
  await expect(switchBox).not.toBeChecked();
  await switchBox.click();
  await expect(switchBox).toBeChecked({ timeout: 120_000 });
  await expect.poll(firstImage, { timeout: 120_000 }).toEqual(Array.from({ length: 784 }, (_, i) => plain[(i % 28) * 28 + Math.floor(i / 28)]));
  await page.getByTestId('dataset-transposed').screenshot({ path: info.outputPath('transposed-switch.png') });
  await page.reload();
  await expect(page.getByTestId('dataset-name')).toContainText('5 classes', { timeout: 120_000 });
  await expect(page.getByTestId('dataset-transposed')).toBeChecked();
  await trainTo(page, 3);
});
