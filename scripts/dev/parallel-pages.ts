/**
 * Several pages training at once: a stand-in for runs in separate workers. Two pages of one run each, against one page
 * of two runs (compare mode), say what a worker per run would give.
 * A one-thread build: set wasmThreadsFor (src/ml/threads.ts) to return 1, then `npx vite build --configLoader runner --outDir dist-1t`.
 *   BENCH_DIST=dist npx tsx scripts/dev/parallel-pages.ts '#compare=1&backend=wasm' 1     # steps/s of each panel over 25 s
 *   BENCH_DIST=dist-1t npx tsx scripts/dev/parallel-pages.ts '#featDim=2&backend=wasm' 2
 *   BENCH_DIST=dist-1t npx tsx scripts/dev/parallel-pages.ts --lesson 1,2,3                 # the scratch lesson: λ = 1 and λ = 0 in two pages
 */
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumPath, flagsFor } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';
import { readPanels, waitTrainable } from '../../bench/browser/panels';
import { lessonReached } from '../../src/ml/lessonEta';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openReady(browser: Browser, url: string): Promise<Page> {
  const p = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await p.goto(url);
  await waitTrainable(p, 1);
  return p;
}

const figures = async (p: Page) => (await readPanels(p)).panels[0]!;

/** Steps a second of every panel of `n` pages of `hash` (seeds 1..n), over 25 s after 8 s of warm-up. */
async function stepRates(browser: Browser, base: string, hash: string, n: number): Promise<number[][]> {
  const pages: Page[] = [];
  // A different seed a page, as runs of one session have different data orders.
  for (let i = 0; i < n; i++) pages.push(await openReady(browser, `${base}${hash}&seed=${i + 1}`));
  for (const p of pages) await p.getByTestId('train-toggle').click();
  const steps = (): Promise<number[][]> => Promise.all(pages.map((p) => p.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.scatter')).map((e) => Number(e.dataset.step ?? 0)))));
  // Past the first test embeds, which the first seconds of a run do not have yet.
  await sleep(8000);
  const a = await steps();
  const t0 = Date.now();
  await sleep(25_000);
  const b = await steps();
  const dt = (Date.now() - t0) / 1000;
  return b.map((x, i) => x.map((s, j) => +((s - a[i]![j]!) / dt).toFixed(2)));
}

/** The scratch lesson with the λ = 1 run and its λ = 0 twin in two pages: seconds from the Train clicks to lessonReached. */
async function lesson(browser: Browser, base: string, seed: number, capSeconds = 150) {
  const hash = `#preset=fast&variant=slim&backend=wasm&seed=${seed}`;
  const [run, twin] = [await openReady(browser, `${base}${hash}`), await openReady(browser, `${base}${hash}&lambda=0`)];
  const t0 = Date.now();
  await Promise.all([run.getByTestId('train-toggle').click(), twin.getByTestId('train-toggle').click()]);
  for (;;) {
    const [r, t] = await Promise.all([figures(run), figures(twin)]);
    const seconds = (Date.now() - t0) / 1000;
    if (lessonReached(r, t.withinBetween) || seconds > capSeconds) {
      await Promise.all([run.context().close(), twin.context().close()]);
      return { seed, reached: lessonReached(r, t.withinBetween), seconds: +seconds.toFixed(1), run: r, twin: t };
    }
    await sleep(200);
  }
}

const served = await serveDist();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: flagsFor('plain') });
try {
  if (process.argv[2] === '--lesson') {
    for (const seed of (process.argv[3] ?? '1,2,3').split(',').map(Number)) console.log(JSON.stringify({ dist: process.env.BENCH_DIST ?? 'dist', ...(await lesson(browser, served.base, seed)) }));
  } else {
    const [hash, n] = [process.argv[2] ?? '#featDim=2&backend=wasm', Number(process.argv[3] ?? 2)];
    console.log(JSON.stringify({ hash, nPages: n, dist: process.env.BENCH_DIST ?? 'dist', stepsPerSecPerPanel: await stepRates(browser, served.base, hash, n) }));
  }
} finally {
  await browser.close();
  await served.close();
}
