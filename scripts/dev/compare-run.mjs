// One measured compare run in the real app: trains N steps (both runs in lockstep), then prints the
// metrics table and the open-set readout. Usage: vite preview on 4180, then node scripts/dev/compare-run.mjs [steps] [hash]
import { chromium } from '@playwright/test';

const steps = Number(process.argv[2] ?? 300);
const hash = process.argv[3] ?? 'preset=fast&variant=slim&batch=64&evalSize=1000&compare=1&holdout=9';
const flags = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags });
const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
await page.goto(`http://127.0.0.1:4180/#${hash}`);
await page.getByTestId('train-toggle').click({ timeout: 120000 });
await page.waitForFunction((n) => Number(document.querySelector('[data-testid="step-counter"]')?.textContent) >= n, steps, { timeout: 900000, polling: 500 });
await page.getByTestId('train-toggle').click();
await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === 'paused');
await page.waitForTimeout(500);
// One more step embeds both runs at the same step.
const step = Number(await page.getByTestId('step-counter').textContent()) + 1;
await page.getByTestId('step-once').click();
await page.waitForFunction((s) => document.querySelector('[data-testid="scatter"]')?.getAttribute('data-step') === String(s) && document.querySelector('[data-testid="scatter-softmax"]')?.getAttribute('data-step') === String(s), step, { timeout: 120000 });
await page.waitForTimeout(500);
const rows = await page.locator('[data-testid="metrics"] tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim()).join(' | ')));
const open = await page.locator('[data-testid="openset-table"] tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim()).join(' | ')));
console.log(JSON.stringify({ hash, step, metrics: rows, openSet: open }, null, 1));
await page.screenshot({ path: process.env.SHOT ?? '/tmp/compare-run.png', fullPage: true });
await browser.close();
