/** Draw a digit and see where it lands, the open-set explorer, and the training replayed and exported. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseGif, parseWebm } from '../test/mediaParse';
import { expect, openApp, stepCount, test, TINY } from './fixtures';

async function trainTo(page: Page, steps: number): Promise<void> {
  await page.getByTestId('train-toggle').click();
  await expect.poll(() => stepCount(page), { timeout: 240_000 }).toBeGreaterThan(steps);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  // The paused step's snapshot is drawn (the worker embeds on pause): what follows sees the model it asserts on.
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-metrics-step', String(await stepCount(page)));
}

/** A "7" as pen strokes, in fractions of the pad. */
async function drawSeven(page: Page): Promise<void> {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [fx, fy] of [[0.5, 0.2], [0.75, 0.2], [0.6, 0.5], [0.45, 0.8]] as const) await page.mouse.move(...at(fx, fy), { steps: 6 });
  await page.mouse.up();
}

const point = async (page: Page, testId: string) => (await page.getByTestId(testId).getAttribute('data-probe-point')) ?? '';

test('open set: AUROC per run from the whole ROC curve, the distance histograms, and the threshold as rings that follow the slider', async ({ page }, info) => {
  await openApp(page, `${TINY}&compare=1&holdout=9`);
  await trainTo(page, 30);
  const auroc = page.getByTestId('auroc');
  await expect(auroc).toHaveCount(2);
  for (const cell of await auroc.all()) await expect(cell).toHaveText(/^[01]\.\d{3}$/);
  await expect(page.getByTestId('distance-histogram')).toHaveCount(2);
  await expect(page.getByTestId('roc-curve')).toHaveCount(2);
  const s = page.getByTestId('scatter');
  // The snapshot of the paused step, so that only the threshold changes below.
  await expect(s).toHaveAttribute('data-metrics-step', String(await stepCount(page)));
  const ring = async () => Number(await s.getAttribute('data-ring'));
  await expect.poll(ring).toBeGreaterThan(0);
  const at2 = await ring();
  await page.getByTestId('openset-threshold').fill('4');
  // The rings are the threshold: twice the threshold, twice the radius.
  await expect.poll(async () => (await ring()) / at2).toBeCloseTo(2, 3);
  await drawSeven(page);
  await expect.poll(() => point(page, 'scatter')).not.toBe('');
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.getByTestId('scatter-area').scrollIntoViewIfNeeded();
    await page.screenshot({ path: info.outputPath(`openset-${w}x${h}.png`) });
    await page.getByTestId('openset-threshold').scrollIntoViewIfNeeded();
    await page.screenshot({ path: info.outputPath(`openset-panel-${w}x${h}.png`) });
  }
});

test('draw a digit: a synthetic stroke becomes a 28×28 image and a point on every scatter, with a verdict; clear, and use a test digit', async ({ page }) => {
  await openApp(page, `${TINY}&compare=1`);
  await trainTo(page, 20);
  await drawSeven(page);
  for (const id of ['scatter-softmax', 'scatter']) await expect.poll(() => point(page, id)).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/);
  const [x, y] = (await point(page, 'scatter')).split(',').map(Number);
  // The point is inside the axes the scatter shows.
  const xd = ((await page.getByTestId('scatter').getAttribute('data-x-domain')) ?? '').split(',').map(Number);
  const yd = ((await page.getByTestId('scatter').getAttribute('data-y-domain')) ?? '').split(',').map(Number);
  expect(x).toBeGreaterThanOrEqual(xd[0]!);
  expect(x).toBeLessThanOrEqual(xd[1]!);
  expect(y).toBeGreaterThanOrEqual(yd[0]!);
  expect(y).toBeLessThanOrEqual(yd[1]!);
  await expect(page.getByTestId('probe-prediction')).toHaveCount(2);
  await expect(page.getByTestId('probe-prediction').first()).toHaveText(/^\d \(\d+\.\d%\)$/);
  await expect(page.getByTestId('probe-verdict').first()).toHaveText(/^(looks like an? \d|unknown: \d+\.\d× the typical distance to the nearest center)$/);
  // The 28×28 the model sees has ink in it.
  const ink = await page.getByTestId('pad-preview').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) n++;
    return n;
  });
  expect(ink).toBeGreaterThan(20);
  await page.getByTestId('pad-clear').click();
  await expect(page.getByTestId('scatter')).not.toHaveAttribute('data-probe-point');
  await expect(page.getByTestId('probe-table')).toHaveCount(0);

  // Stroke to point while training on wasm: several strokes, the latency of each.
  await page.getByTestId('train-toggle').click();
  const latencies: number[] = [];
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('pad-clear').click();
    await drawSeven(page);
    await expect.poll(() => point(page, 'scatter')).not.toBe('');
    latencies.push(Number(await page.getByTestId('draw-panel').getAttribute('data-probe-ms')));
  }
  await page.getByTestId('train-toggle').click();
  const backend = await page.getByTestId('backend-badge').textContent();
  console.log(`stroke-to-point latency while training (${backend}): ${latencies.map((v) => v.toFixed(0)).join(', ')} ms`);
  expect(latencies.every((v) => v > 0 && v < 5000)).toBe(true);

  // "Use a test digit": on the test digits, hover near a class center (its digits cluster there) until a test digit is under the pointer, then click it.
  await page.getByTestId('pad-clear').click();
  await page.getByTestId('scatter-points').selectOption('test');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points-shown', 'test');
  const s = page.getByTestId('scatter');
  await s.scrollIntoViewIfNeeded();
  const box = (await s.boundingBox())!;
  const nums = async (attr: string) => ((await s.getAttribute(attr)) ?? '').split(',').map(Number);
  const [x0, x1] = await nums('data-x-domain');
  const [y0, y1] = await nums('data-y-domain');
  const centers = await nums('data-centers');
  // The plot's margins for 12 px axis labels (ScatterView): left 43, bottom 29, top and right 8.
  const px = (v: number) => box.x + 43 + ((v - x0!) / (x1! - x0!)) * (box.width - 51);
  const py = (v: number) => box.y + 8 + ((y1! - v) / (y1! - y0!)) * (box.height - 37);
  let found = false;
  for (let c = 0; c < centers.length && !found; c += 2)
    for (let dy = -12; dy <= 12 && !found; dy += 6)
      for (let dx = -12; dx <= 12 && !found; dx += 6) {
        await page.mouse.move(px(centers[c]!) + dx, py(centers[c + 1]!) + dy);
        if (await s.locator('.tooltip').isVisible()) found = true;
      }
  expect(found).toBe(true);
  await page.mouse.down();
  await page.mouse.up();
  await expect.poll(() => point(page, 'scatter')).not.toBe('');
});

test('replay: the timeline shows an earlier step’s snapshot, by keyboard; the replay exports as GIF and WebM at slide size with a frame per snapshot', async ({ page }, info) => {
  // Asking the encoder brings up the media stack (it crashes WebKitGTK): only a WebM export may ask.
  await page.addInitScript(() => {
    const w = window as unknown as { vp8Asked: number };
    w.vp8Asked = 0;
    if (typeof VideoEncoder === 'undefined') return;
    const ask = VideoEncoder.isConfigSupported.bind(VideoEncoder);
    VideoEncoder.isConfigSupported = (c) => (w.vp8Asked++, ask(c));
  });
  const asked = () => page.evaluate(() => (window as unknown as { vp8Asked: number }).vp8Asked);
  await openApp(page, `${TINY}&compare=1`);
  // The replay is of the test digits' snapshots: show those, so data-step is the snapshot's step, not the live training digits'.
  await page.getByTestId('scatter-points').selectOption('test');
  const s = page.getByTestId('scatter');
  await expect(s).toHaveAttribute('data-metrics-step', '0');
  const atStart = await s.getAttribute('data-centers');
  await page.getByTestId('train-toggle').click();
  const timeline = page.getByTestId('timeline');
  await expect.poll(async () => Number(await timeline.getAttribute('data-snapshots')), { timeout: 240_000 }).toBeGreaterThanOrEqual(6);
  // Replay while training goes on: the scatter stays at the replayed step.
  await timeline.focus();
  await page.keyboard.press('Home');
  await expect(s).toHaveAttribute('data-metrics-step', '0');
  await expect(s).toHaveAttribute('data-replay', 'on');
  expect(await s.getAttribute('data-centers')).toBe(atStart);
  await page.keyboard.press('ArrowRight');
  const second = await timeline.getAttribute('data-step');
  expect(Number(second)).toBeGreaterThan(0);
  await expect(s).toHaveAttribute('data-metrics-step', second!);
  await expect(page.getByTestId('scatter-softmax')).toHaveAttribute('data-metrics-step', second!);
  await page.getByTestId('train-toggle').click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await page.getByTestId('timeline-live').click();
  await expect(s).toHaveAttribute('data-replay', 'off');
  await expect(s).toHaveAttribute('data-metrics-step', String(await stepCount(page)));
  await page.screenshot({ path: info.outputPath('replay-1400x900.png') });

  const frames = Number(await timeline.getAttribute('data-snapshots'));
  const save = async (id: string): Promise<Uint8Array> => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(id).click()]);
    const path = info.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    return new Uint8Array(readFileSync(path));
  };
  const gifBytes = await save('export-gif');
  const gif = parseGif(gifBytes);
  // A look at the file as a browser shows it (its first frame).
  const view = await page.context().newPage();
  await view.setViewportSize({ width: 1280, height: 720 });
  await view.setContent(`<body style="margin:0"><img src="data:image/gif;base64,${Buffer.from(gifBytes).toString('base64')}"></body>`);
  await view.screenshot({ path: info.outputPath('replay-gif-frame.png') });
  await view.close();
  expect(gif).toMatchObject({ width: 1280, height: 720, frames });
  console.log(`GIF: ${frames} frames, ${await page.getByTestId('replay-note').textContent()}`);
  expect(await asked()).toBe(0);
  await expect(page.getByTestId('export-webm')).toBeEnabled();
  const webm = parseWebm(await save('export-webm'));
  expect(await asked()).toBe(1);
  expect(webm).toMatchObject({ width: 1280, height: 720, frames, codec: 'V_VP8' });
  console.log(`WebM: ${await page.getByTestId('replay-note').textContent()}`);
});
