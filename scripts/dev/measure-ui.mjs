// Measures the page while training with 10,000 eval points: scatter draw time, frame intervals, long tasks.
// Usage: npm run build && npx vite preview --port 4180 & node scripts/dev/measure-ui.mjs [seconds]
import { chromium } from '@playwright/test';

const seconds = Number(process.argv[2] ?? 30);
const flags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
  window.__frames = [];
  let last = 0;
  const tick = (t) => {
    if (last) window.__frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const t0 = Date.now();
await page.goto('http://127.0.0.1:4180/#preset=fast&variant=slim&evalSize=10000');
await page.waitForSelector('[data-testid="scatter"][data-points="10000"]', { timeout: 180000 });
const firstScatterMs = Date.now() - t0;
await page.evaluate(() => { window.__long = []; window.__frames = []; });
await page.getByTestId('train-toggle').click();
const draws = [];
const steps = new Set();
for (let i = 0; i < seconds * 4; i++) {
  await page.waitForTimeout(250);
  const el = await page.$('[data-testid="scatter"]');
  draws.push(Number(await el.getAttribute('data-draw-ms')));
  steps.add(await el.getAttribute('data-step'));
}
const r = await page.evaluate(() => ({ long: window.__long, frames: window.__frames }));
const q = (a, p) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))];
console.log(JSON.stringify({
  firstScatterMs,
  snapshotsDrawn: steps.size,
  drawMs: { median: q(draws, 0.5), p95: q(draws, 0.95), max: Math.max(...draws) },
  frames: { count: r.frames.length, medianMs: q(r.frames, 0.5), over16_7: r.frames.filter((f) => f > 16.7).length / r.frames.length },
  longTasks: { count: r.long.length, maxMs: Math.max(0, ...r.long) },
}, null, 1));
await browser.close();
