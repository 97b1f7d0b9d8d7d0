/**
 * Steps per second of every panel when several pages train at once: a stand-in for runs in separate workers.
 * Two pages of one run each against one page of two runs (compare mode) says what a worker per run would give.
 * A one-thread build: set wasmThreadsFor (src/ml/threads.ts) to return 1, then `npx vite build --configLoader runner --outDir dist-1t`.
 *   BENCH_DIST=dist npx tsx scripts/dev/parallel-pages.ts '#compare=1&backend=wasm' 1
 *   BENCH_DIST=dist-1t npx tsx scripts/dev/parallel-pages.ts '#featDim=2&backend=wasm' 2
 */
import { chromium, type Page } from 'playwright';
import { chromiumPath, flagsFor } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';

const [hash, nPages] = [process.argv[2] ?? '#featDim=2&backend=wasm', Number(process.argv[3] ?? 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const served = await serveDist();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: flagsFor('plain') });
try {
  const pages: Page[] = [];
  for (let i = 0; i < nPages; i++) {
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    // A different seed a page, as runs of one session would have different data orders.
    await p.goto(`${served.base}${hash}&seed=${i + 1}`);
    await p.waitForFunction(() => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid=train-toggle]');
      return b !== null && !b.disabled && document.querySelectorAll('.scatter[data-step="0"]').length >= 1;
    }, null, { timeout: 180_000 });
    pages.push(p);
  }
  for (const p of pages) await p.getByTestId('train-toggle').click();
  const steps = (): Promise<number[][]> => Promise.all(pages.map((p) => p.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.scatter')).map((e) => Number(e.dataset.step ?? 0)))));
  // Past the first test embeds, which the first seconds of a run do not have yet.
  await sleep(8000);
  const a = await steps();
  const t0 = Date.now();
  await sleep(25_000);
  const b = await steps();
  const dt = (Date.now() - t0) / 1000;
  console.log(JSON.stringify({ hash, nPages, dist: process.env.BENCH_DIST ?? 'dist', stepsPerSecPerPanel: b.map((x, i) => x.map((s, j) => +((s - a[i]![j]!) / dt).toFixed(2))) }));
} finally {
  await browser.close();
  await served.close();
}
