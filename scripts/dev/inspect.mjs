// A headless look at the running app: logs page and worker console, and every 5 s the badge, step and points.
// Usage: vite preview --port 4180 &; node scripts/dev/inspect.mjs [webgpu|nogpu] ['#hash'] [seconds] [train|step]
import { chromium } from '@playwright/test';
const flags = ['--no-sandbox','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic'];
const webgpu = process.argv[2] === 'webgpu';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: webgpu ? [...flags, '--enable-unsafe-webgpu'] : flags });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const t0 = Date.now();
page.on('console', (m) => console.log(`[${((Date.now()-t0)/1000).toFixed(1)}s page ${m.type()}]`, m.text().slice(0, 300)));
page.on('worker', (w) => { console.log('worker started', w.url()); w.on('console', (m) => console.log(`[${((Date.now()-t0)/1000).toFixed(1)}s worker ${m.type()}]`, m.text().slice(0, 300))); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:4180/' + (process.argv[3] ?? ''));
const wait = Number(process.argv[4] ?? 30);
for (let i = 0; i < wait; i += 5) {
  await page.waitForTimeout(5000);
  const badge = await page.getByTestId('backend-badge').textContent();
  const step = await page.getByTestId('step-counter').textContent();
  const pts = await page.getByTestId('scatter').getAttribute('data-points');
  console.log(`t=${((Date.now()-t0)/1000).toFixed(0)}s badge=${badge} step=${step} points=${pts}`);
  if (process.argv[5] === 'train' && i === 0) await page.getByTestId('train-toggle').click();
  if (process.argv[5] === 'step' && i === 0) await page.getByTestId('step-once').click();
}
await page.screenshot({ path: '/tmp/shot.png' });
await browser.close();
