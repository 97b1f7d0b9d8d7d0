// What the page costs while the worker trains: the main thread's busy share (CDP TaskDuration), the
// machine's busy cores (/proc/stat), and the worker's images/s, wall and reported. Usage:
//   npx vite build && npx vite preview --port 4180 &
//   node scripts/dev/main-thread.mjs ['#preset=fast&variant=slim&batch=128&backend=wasm&evalSize=100'] [seconds]
// HIDE=1 hides the page (display: none), for the rate without any drawing.
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const hash = process.argv[2] ?? '#preset=fast&variant=slim&batch=128&backend=wasm&evalSize=100';
const seconds = Number(process.argv[3] ?? 12);
const batch = Number(new URLSearchParams(hash.slice(1)).get('batch') ?? 64);
const evalSize = new URLSearchParams(hash.slice(1)).get('evalSize');
const cpu = () => {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return { idle: v[3] + v[4], total: v.reduce((a, b) => a + b, 0) };
};
const flags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.addInitScript(() => {
  window.__progress = [];
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        if (e.data?.type === 'progress') window.__progress.push([performance.now(), e.data.report.step, e.data.report.imagesPerSec]);
      });
    }
  };
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`http://127.0.0.1:4180/${hash}`);
await page.waitForSelector(`[data-testid="scatter"]${evalSize ? `[data-points="${evalSize}"]` : ':not([data-points="0"])'}`, { timeout: 180_000 });
if (process.env.HIDE) await page.evaluate(() => (document.body.style.display = 'none'));
await page.waitForTimeout(1000);
await page.evaluate(() => document.querySelector('[data-testid="train-toggle"]').click());
await page.waitForTimeout(4000);
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const m0 = await metrics();
const c0 = cpu();
const t0 = await page.evaluate(() => performance.now());
await page.waitForTimeout(seconds * 1000);
const m1 = await metrics();
const c1 = cpu();
const t1 = await page.evaluate(() => performance.now());
const p = (await page.evaluate(() => window.__progress)).filter((x) => x[0] >= t0 && x[0] <= t1);
const reported = p.map((x) => x[2]).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    hidden: Boolean(process.env.HIDE),
    mainThreadBusy: +((m1.TaskDuration - m0.TaskDuration) / ((t1 - t0) / 1000)).toFixed(2),
    machineBusyCores: +((1 - (c1.idle - c0.idle) / (c1.total - c0.total)) * (readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 1)).toFixed(2),
    imagesPerSecWall: p.length > 1 ? Math.round(((p.at(-1)[1] - p[0][1]) * batch * 1000) / (p.at(-1)[0] - p[0][0])) : null,
    imagesPerSecReportedMedian: reported.length ? Math.round(reported[reported.length >> 1]) : null,
    reports: p.length,
  }),
);
await browser.close();
