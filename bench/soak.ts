/**
 * npm run soak -- --minutes M: the production app in Chromium for M minutes in compare mode, through the actions of
 * soak/actions.ts in turn, sampling the worker's tensors and both heaps every 2 s. Prints one JSON object (soak/summary.ts).
 */
import { launchChromium } from '../e2e/chromium';
import { serveDist } from './browser/server';
import { ACTIONS, type SoakContext } from './soak/actions';
import { heapReader } from './soak/heap';
import { summarise, type ActionRecord, type Bounds, type Sample, type SaveTiming } from './soak/summary';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg('minutes', 3);
const hashArg = process.argv.indexOf('--hash');
if (!(minutes > 0)) throw new Error('--minutes must be a positive number');

/** See bench/README.md → Soak for the measurements behind these. */
const BOUNDS: Bounds = { slopeMBPerMin: 2, slopeFromMinutes: 10, headroomMB: 40 };
/** Compare mode, as the issue asks; --hash '#compare=1&variant=full' soaks the full model. */
const HASH = hashArg >= 0 ? process.argv[hashArg + 1]! : '#compare=1&variant=slim';
const SAMPLE_MS = 2000;
/** Training between actions: reports, embeds and autosaves happen meanwhile. */
const DWELL_MS = 4000;

const served = await serveDist();
const browser = await launchChromium('plain');
const t0 = Date.now();
const seconds = () => Math.round((Date.now() - t0) / 100) / 10;
const samples: Sample[] = [];
const afterReset: number[] = [];
const actions: ActionRecord[] = [];
const errors: string[] = [];
const saves: SaveTiming[] = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const heaps = await heapReader(ctx, page);
  await page.goto(served.base + HASH);
  await page.getByTestId('backend-badge').filter({ hasNotText: 'starting…' }).waitFor({ timeout: 180_000 });
  const c: SoakContext = { page, exported: null, savedStep: null, resetPending: true };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const tensors = await page
        .getByTestId('memory')
        .getAttribute('data-tensors', { timeout: 1000 })
        .then((v) => (v ? Number(v) : null))
        .catch(() => null);
      const step = await page.getByTestId('step-counter').textContent({ timeout: 1000 }).catch(() => null);
      const heap = await heaps.read().catch(() => null);
      const saved = await page
        .getByTestId('autosave')
        .evaluate((e) => ({ step: Number(e.dataset.step), workerMs: Number(e.dataset.workerMs), pageMs: Number(e.dataset.pageMs) }), undefined, { timeout: 1000 })
        .catch(() => null);
      if (saved && saved.step > 0 && !saves.some((x) => x.step === saved.step && x.workerMs === saved.workerMs)) saves.push(saved);
      if (heap) samples.push({ t: seconds(), tensors, pageMB: heap.page, workerMB: heap.worker });
      // The first count a rebuilt compare-mode model reports, once it has trained a little.
      if (c.resetPending && tensors !== null && Number(step) > 0) {
        afterReset.push(tensors);
        c.resetPending = false;
      }
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
    }
  })();
  for (let k = 0; Date.now() - t0 < minutes * 60_000; k++) {
    const a = ACTIONS[k % ACTIONS.length]!;
    const at = seconds();
    const r = await a.run(c).catch((e: unknown) => ({ applied: false, detail: e instanceof Error ? e.message.split('\n')[0] : String(e) }));
    actions.push({ name: a.name, at, ...r });
    await page.waitForTimeout(DWELL_MS);
  }
  sampling = false;
  await sampler;
  await ctx.close();
} finally {
  await browser.close();
  await served.close();
}
const report = summarise(minutes, samples, afterReset, actions, errors, BOUNDS, saves, HASH);
console.log(JSON.stringify(report, null, 2));
process.exit(report.ok ? 0 : 1);
