// The page while N runs train: frame intervals, the longest main-thread task, and the header's per-run images/s.
// Usage: npx vite build && npx vite preview --port 4180 & node scripts/dev/sweep-page.mjs [seconds] [hash …]
// Default: 30 s each of '' (one run) and 'sweep=0,0.01,0.1,1' (four runs). Prints one JSON object.
import { chromium } from '@playwright/test';

const [secs = '30', ...hashes] = process.argv.slice(2);
const scenarios = hashes.length ? hashes : ['', 'sweep=0,0.01,0.1,1'];
const flags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags });
const out = {};
for (const hash of scenarios) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    const w = window;
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:4180/#${hash}`);
  await page.getByTestId('dataset-counts').waitFor({ timeout: 120000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=scatter]')?.getAttribute('data-step') === '0', null, { timeout: 120000 });
  await page.getByTestId('train-toggle').click();
  await page.waitForTimeout(5000); // warm-up: the first reports and embeds
  const step0 = Number(await page.getByTestId('step-counter').textContent());
  const t0 = Date.now();
  const frames = await page.evaluate(async (ms) => {
    window.__long = [];
    const gaps = [];
    let last = performance.now();
    const end = last + ms;
    await new Promise((done) => {
      const tick = (t) => {
        gaps.push(t - last);
        last = t;
        if (t < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return { gaps, long: window.__long };
  }, Number(secs) * 1000);
  const step1 = Number(await page.getByTestId('step-counter').textContent());
  const wallMs = Date.now() - t0;
  const header = await page.getByTestId('images-per-sec').textContent();
  const runs = await page.locator('.scatter[data-run]').count();
  const evalDigits = Number(await page.getByTestId('scatter').getAttribute('data-points'));
  const g = frames.gaps.sort((a, b) => a - b);
  const q = (p) => +g[Math.min(g.length - 1, Math.floor(p * g.length))].toFixed(1);
  out[hash || 'single'] = {
    runs,
    evalDigitsPerRun: evalDigits,
    stepsPerSec: +((step1 - step0) / (wallMs / 1000)).toFixed(2),
    imagesPerSecPerRun: Math.round(((step1 - step0) * 128) / (wallMs / 1000)),
    headerImagesPerSec: Number(header),
    frameMs: { p50: q(0.5), p95: q(0.95), max: q(1), frames: g.length },
    longTasks: { count: frames.long.length, maxMs: frames.long.length ? Math.round(Math.max(...frames.long)) : 0 },
  };
  await page.close();
}
console.log(JSON.stringify(out, null, 2));
await browser.close();
