/**
 * The measurements of the app in the browser, through its UI and its worker: training throughput, embedding,
 * the main thread while training, the first load, and what the browser offers. Each takes a page (or a context)
 * with the recorder of ../page/recorder.ts installed (newPage) and returns plain JSON.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import os from 'node:os';
import type { Msg, PageProbe, ResourceEntry, ScatterRec } from '../page/types';
import { pageScripts } from '../page/build';

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const loadavg = () => os.loadavg().map((v) => Math.round(v * 100) / 100);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The hash of a measured page: the app's own URL keys. */
export const appHash = (p: { variant: string; batch?: number; backend: string; evalSize: number }) =>
  `#preset=fast&variant=${p.variant}${p.batch ? `&batch=${p.batch}` : ''}&backend=${p.backend}&evalSize=${p.evalSize}`;

// Progress of the first run only (in compare mode every run reports, in lockstep).
const isMainProgress = (x: Msg) => x.type === 'progress' && (x.run === undefined || x.run === 'run0');

export const msgs = (page: Page) => page.evaluate(() => window.__bench.msgs) as Promise<Msg[]>;
export const scatterRecs = (page: Page) => page.evaluate(() => window.__bench.scatter.filter((s) => s.id === 'scatter')) as Promise<ScatterRec[]>;

export async function newPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.addInitScript({ content: (await pageScripts()).init });
  return page;
}

export async function waitFor<T>(page: Page, what: string, timeoutMs: number, pick: (m: Msg[]) => T | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = await msgs(page);
    const err = m.find((x) => x.type === 'error');
    if (err) throw new Error(`the app reported an error (${err.code ?? ''}): ${err.message}`);
    const v = pick(m);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

export interface TrainPlan {
  backend: string;
  variant: 'slim' | 'full';
  batch: number;
  warmupSteps: number;
  minSteps: number;
  minSeconds: number;
  maxSeconds: number;
  /** Give up on the warm-up (record as too slow) after this long. */
  warmupTimeoutSeconds: number;
}

export async function measureTraining(ctx: BrowserContext, base: string, p: TrainPlan): Promise<Record<string, unknown>> {
  const page = await newPage(ctx);
  const hash = appHash({ ...p, evalSize: 100 });
  try {
    // One retry: a navigation once failed with ERR_HTTP_RESPONSE_CODE_FAILURE right after the previous page closed.
    await page.goto(base + hash).catch(async () => (await sleep(2000), page.goto(base + hash)));
    const ready = await waitFor(page, 'ready', 180_000, (m) => m.find((x) => x.type === 'ready'));
    await waitFor(page, 'the first embedding', 180_000, (m) => m.find((x) => x.type === 'embedding'));
    await page.getByTestId('train-toggle').click();
    const tClick = (await page.evaluate('performance.now()')) as number;
    const warm = await waitFor(page, `${p.warmupSteps} warm-up step(s)`, p.warmupTimeoutSeconds * 1000, (m) =>
      m.find((x) => isMainProgress(x) && (x.step ?? 0) >= p.warmupSteps),
    ).catch((e: Error) => e);
    if (warm instanceof Error) {
      const m = await msgs(page);
      const prog = m.filter(isMainProgress);
      return {
        ...planInfo(p, ready),
        measured: false,
        skipped: `too slow to measure in the bench's time: ${warm.message}`,
        stepsDone: prog.at(-1)?.step ?? 0,
        firstStepMs: prog[0] ? r1(prog[0].t - tClick) : null,
      };
    }
    const headerSamples: string[] = [];
    const tEndMax = Date.now() + p.maxSeconds * 1000;
    let end: Msg = warm;
    while (Date.now() < tEndMax) {
      await sleep(250);
      const h = await page.evaluate(() => window.__bench.headerImagesPerSec());
      if (h && h !== '–') headerSamples.push(h);
      const m = await msgs(page);
      const err = m.find((x) => x.type === 'error');
      if (err) throw new Error(`the app reported an error: ${err.message}`);
      end = m.filter(isMainProgress).at(-1)!;
      if ((end.step ?? 0) - (warm.step ?? 0) >= p.minSteps && end.t - warm.t >= p.minSeconds * 1000) break;
    }
    await page.getByTestId('train-toggle').click();
    const m = await msgs(page);
    const after = m.filter((x) => isMainProgress(x) && x.t > warm.t && x.t <= end.t);
    const steps = (end.step ?? 0) - (warm.step ?? 0);
    const wallMs = end.t - warm.t;
    const reported = after.map((x) => x.imagesPerSec!).sort((a, b) => a - b);
    const embeds = m.filter((x) => x.type === 'embedding' && x.t > warm.t && x.t <= end.t).length;
    return {
      ...planInfo(p, ready),
      measured: steps > 0,
      warmupMs: r1(warm.t - tClick),
      warmupStepsDone: warm.step,
      steps,
      wallMs: r1(wallMs),
      // Steps × batch over the wall time between two progress reports: includes the app's snapshots and its scatter embeds.
      imagesPerSecWall: steps > 0 ? r1((steps * p.batch * 1000) / wallMs) : null,
      // The worker's own figure (what the header shows): images over the training time of each report, embeds excluded.
      imagesPerSecReported: reported.length ? { median: r1(reported[Math.floor(reported.length / 2)]!), min: r1(reported[0]!), max: r1(reported.at(-1)!), reports: reported.length } : null,
      headerImagesPerSec: headerSamples.length ? headerSamples.at(-1) : null,
      embedsDuringWindow: embeds,
      loadavgAfter: loadavg(),
    };
  } finally {
    await page.close();
  }
}

export function planInfo(p: TrainPlan, ready: Msg) {
  return {
    backend: p.backend,
    variant: p.variant,
    batch: p.batch,
    appBackend: ready.backend?.backend,
    appVariant: ready.backend?.variant,
    parameters: ready.backend?.parameters,
    threads: ready.backend?.threads,
    hash: appHash({ ...p, evalSize: 100 }),
  };
}

/** ready → first embedding message (the worker's embed of the eval subset) and → the scatter drawn with all points. */
export async function measureEmbed(ctx: BrowserContext, base: string, variant: 'slim' | 'full', size: number, keepOpen = false): Promise<{ result: Record<string, unknown>; page?: Page }> {
  const page = await newPage(ctx);
  const hash = appHash({ variant, backend: 'wasm', evalSize: size });
  await page.goto(base + hash);
  const ready = await waitFor(page, 'ready', 180_000, (m) => m.find((x) => x.type === 'ready'));
  const emb = await waitFor(page, 'the first embedding', 300_000, (m) => m.find((x) => x.type === 'embedding'));
  const end = Date.now() + 120_000;
  let drawn: ScatterRec | undefined;
  while (!drawn && Date.now() < end) {
    drawn = (await scatterRecs(page)).find((s) => s.points === size && s.t >= emb.t);
    if (!drawn) await sleep(100);
  }
  const dataset = (await msgs(page)).find((x) => x.type === 'dataset');
  const result = {
    backend: 'wasm',
    variant,
    points: size,
    evalSizeFromApp: ready.evalSize,
    hash,
    datasetLoadMs: dataset?.loadMs ?? null,
    readyToEmbeddingMs: r1(emb.t - ready.t),
    readyToScatterDrawnMs: drawn ? r1(drawn.t - ready.t) : null,
    firstDrawMs: drawn ? drawn.drawMs : null,
    loadavgAfter: loadavg(),
  };
  if (keepOpen) return { result, page };
  await page.close();
  return { result };
}

/**
 * Long tasks and frame intervals on the main thread while training and drawing 10,000 points: at least minSeconds,
 * and on until at least one new 10,000-point scatter has been drawn (the app re-embeds every max(0.5 s, 4 × embed time)), at most maxSeconds.
 */
export async function measureJank(page: Page, minSeconds: number, maxSeconds: number): Promise<Record<string, unknown>> {
  await page.evaluate(() => {
    window.__bench.long = [];
    window.__bench.frames = [];
    window.__bench.startFrames();
    window.__bench.scatter = [];
  });
  await page.getByTestId('train-toggle').click();
  const t0 = Date.now();
  for (;;) {
    await sleep(500);
    const el = (Date.now() - t0) / 1000;
    if (el >= maxSeconds) break;
    if (el >= minSeconds && (await scatterRecs(page)).some((x) => x.points === 10000 && x.drawMs > 0)) break;
  }
  await page.getByTestId('train-toggle').click();
  const seconds = r1((Date.now() - t0) / 1000);
  const r = await page.evaluate(() => ({ long: window.__bench.long, frames: window.__bench.frames, scatter: window.__bench.scatter.filter((s) => s.id === 'scatter'), unsupported: window.__bench.longUnsupported }));
  const q = (a: number[], p: number) => (a.length ? [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))]! : null);
  const draws = r.scatter.filter((s) => s.points === 10000 && s.drawMs > 0).map((s) => s.drawMs);
  const steps = new Set(r.scatter.filter((s) => s.points === 10000).map((s) => s.step));
  const share = (ms: number) => (r.frames.length ? Math.round((r.frames.filter((f) => f > ms).length / r.frames.length) * 1000) / 1000 : null);
  return {
    seconds,
    points: 10000,
    longTasks: r.unsupported ? { unsupported: r.unsupported } : { count: r.long.length, maxMs: r1(Math.max(0, ...r.long.map((x) => x.d))), totalMs: r1(r.long.reduce((s, x) => s + x.d, 0)) },
    frames: {
      count: r.frames.length,
      medianMs: q(r.frames, 0.5) !== null ? r1(q(r.frames, 0.5)!) : null,
      p95Ms: q(r.frames, 0.95) !== null ? r1(q(r.frames, 0.95)!) : null,
      maxMs: r.frames.length ? r1(Math.max(...r.frames)) : null,
      shareOver16_7ms: share(16.7),
      shareOver33_4ms: share(33.4),
    },
    scatterSnapshotsDrawn: steps.size,
    drawMs: draws.length ? { median: q(draws, 0.5), max: Math.max(...draws) } : null,
    loadavgAfter: loadavg(),
  };
}

/** Fresh context: navigation → first drawn scatter with default settings, and the bytes of the first load. */
export async function measureFirstLoad(browser: Browser, base: string): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  const sizes: Promise<{ url: string; body: number; headers: number }>[] = [];
  page.on('requestfinished', (req) => {
    sizes.push(req.sizes().then((s) => ({ url: req.url(), body: s.responseBodySize, headers: s.responseHeadersSize })));
  });
  const workerUrls: string[] = [];
  page.on('worker', (w) => workerUrls.push(w.url()));
  try {
    const t0 = Date.now();
    await page.goto(base);
    const { emb, drawn } = await firstScatter(page);
    const wallToDrawnMs = Date.now() - t0;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const m = await msgs(page);
    const ready = m.find((x) => x.type === 'ready');
    const dataset = m.find((x) => x.type === 'dataset');
    const badge = page.getByTestId('backend-badge');
    const pageEntries: ResourceEntry[] = await page.evaluate(() => window.__bench.resources());
    let workerEntries: typeof pageEntries = [];
    let workerEntriesError: string | null = null;
    const worker = page.workers().find((w) => /training/i.test(w.url())) ?? page.workers()[0];
    if (worker) {
      try {
        workerEntries = (await worker.evaluate((await pageScripts()).worker)) as ResourceEntry[];
      } catch (e) {
        workerEntriesError = (e as Error).message;
      }
    } else workerEntriesError = 'no worker seen by Playwright';
    const pw = await Promise.all(sizes);
    const sum = (a: { transferSize: number }[]) => a.reduce((s, e) => s + (e.transferSize || 0), 0);
    const byType = (a: typeof pageEntries) => {
      const g: Record<string, number> = {};
      for (const e of a) {
        const k = /\.gz$/.test(e.name) || /mnist/.test(e.name) ? 'mnist' : (/\.(\w+)(\?|$)/.exec(e.name)?.[1] ?? 'html');
        g[k] = (g[k] ?? 0) + (e.transferSize || 0);
      }
      return g;
    };
    return {
      hash: '(none: default settings, evalSize auto)',
      navigationToFirstScatterMs: drawn ? r1(drawn.t) : null,
      navigationToFirstEmbeddingMs: r1(emb.t),
      wallClockGotoToScatterMs: wallToDrawnMs,
      firstScatterPoints: drawn?.points ?? null,
      datasetLoadMs: dataset?.loadMs ?? null,
      readyAtMs: ready ? r1(ready.t) : null,
      app: {
        backend: ready?.backend ?? null,
        badgeText: (await badge.textContent())?.trim() ?? null,
        badgeTitle: await badge.getAttribute('title'),
      },
      bytes: {
        method:
          'performance.getEntriesByType navigation + resource transferSize, summed in the page and (worker.evaluate) in the training worker, fresh browser context (empty cache); Playwright request.sizes() (response body + headers) of every finished request of the page, worker requests included, as a cross-check. vite preview serves files uncompressed (no gzip/brotli of JS), the MNIST files are .gz on disk.',
        performanceApi: { page: sum(pageEntries), worker: sum(workerEntries), total: sum(pageEntries) + sum(workerEntries), pageByKind: byType(pageEntries), workerByKind: byType(workerEntries), workerEntriesError },
        playwright: { requests: pw.length, mnistRequests: pw.filter((x) => /mnist/.test(x.url)).length, bodyBytes: pw.reduce((s, x) => s + Math.max(0, x.body), 0), headerBytes: pw.reduce((s, x) => s + Math.max(0, x.headers), 0) },
        largest: [...pageEntries, ...workerEntries].sort((a, b) => b.transferSize - a.transferSize).slice(0, 8),
      },
      workers: workerUrls.map((u) => u.replace(base.replace(/\/$/, ''), '')),
      warmCache: await warmLoads(ctx, base),
      loadavgAfter: loadavg(),
    };
  } finally {
    await ctx.close();
  }
}

/** The first embedding message and the first scatter drawn with points, both in the page's performance.now(). */
async function firstScatter(page: Page): Promise<{ emb: Msg; drawn: ScatterRec | undefined }> {
  const emb = await waitFor(page, 'the first embedding', 300_000, (m) => m.find((x) => x.type === 'embedding'));
  const end = Date.now() + 60_000;
  let drawn: ScatterRec | undefined;
  while (!drawn && Date.now() < end) {
    drawn = (await scatterRecs(page)).find((s) => s.points > 0);
    if (!drawn) await sleep(100);
  }
  return { emb, drawn };
}

/** The speed target is on a warm cache: the same browser context visits the app again, three times. */
async function warmLoads(ctx: BrowserContext, base: string): Promise<Record<string, unknown>> {
  const runs: { navigationToFirstScatterMs: number | null; navigationToFirstEmbeddingMs: number; datasetLoadMs: number | null }[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await newPage(ctx);
    try {
      await page.goto(base);
      const { emb, drawn } = await firstScatter(page);
      const dataset = (await msgs(page)).find((x) => x.type === 'dataset');
      runs.push({ navigationToFirstScatterMs: drawn ? r1(drawn.t) : null, navigationToFirstEmbeddingMs: r1(emb.t), datasetLoadMs: dataset?.loadMs ?? null });
    } finally {
      await page.close();
    }
  }
  const times = runs.map((r) => r.navigationToFirstScatterMs).filter((t): t is number => t !== null).sort((a, b) => a - b);
  return { method: 'the same browser context as the cold load, a new page each time, default URL', runs, medianNavigationToFirstScatterMs: times.length ? times[Math.floor(times.length / 2)]! : null };
}

export async function probeBrowser(browser: Browser, base: string): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext();
  try {
    const page = await newPage(ctx);
    await page.goto(base + '#backend=wasm&evalSize=10');
    const probe: PageProbe = await page.evaluate(() => window.__bench.probe());
    // The app's own decision on auto, with its reason.
    const page2 = await newPage(ctx);
    await page2.goto(base + '#evalSize=10');
    const ready = await waitFor(page2, 'ready', 180_000, (m) => m.find((x) => x.type === 'ready')).catch(() => undefined);
    const badge = page2.getByTestId('backend-badge');
    const gpu = probe.app.webgpu;
    const gl = probe.app.webgl;
    return {
      ...probe,
      // The keys the report and the targets read (the app's own probe decides what is software).
      webgpu: gpu ? { available: true, ...probe.adapter, adapter: gpu.adapter, isFallbackAdapter: gpu.isFallbackAdapter } : { available: false, reason: 'no adapter' },
      webgl: gl ? { available: true, renderer: gl.renderer, software: gl.software } : { available: false, reason: 'no webgl2 context' },
      appAuto: ready?.backend ?? null,
      badgeText: (await badge.textContent())?.trim() ?? null,
      badgeTitle: await badge.getAttribute('title'),
    };
  } finally {
    await ctx.close();
  }
}

