/**
 * The app measured in the real browser, through its UI and its worker (production build, `vite preview`).
 *
 *   npm run bench                      # vite build, then this script; prints JSON, writes bench/results/browser-<timestamp>.json
 *   npx tsx bench/browser.ts           # without rebuilding (dist/ must exist)
 *
 * Environment: CHROMIUM_PATH (as the e2e tests), BENCH_PORT (first port tried, default 4191; 4190 is on the Fetch standard's list of blocked ports),
 * BENCH_BUDGET_S (soft limit of the whole run, default 540: the software-GPU backends are skipped when it runs out),
 * BENCH_QUICK=1 (shorter windows, a smoke run), BENCH_PYTHON (the interpreter PyTorch is timed with, as in bench:node).
 *
 * After the browser, PyTorch's step is timed on the same CPU (bench/torch.ts), so that `targets` can set the speed
 * issue's targets against this run's own figures rather than against another run taken under other load.
 *
 * How figures are read: an init script wraps the page's `Worker` constructor and records, with performance.now(),
 * the training worker's messages (ready, embedding, progress with its imagesPerSec, errors); a MutationObserver records
 * each change of the scatter's data-points / data-draw-ms; a PerformanceObserver records long tasks; a rAF loop records
 * frame intervals. The header's images/s text is sampled too. Code that runs in the page is given as strings, because
 * tsx (esbuild keepNames) would wrap functions in a `__name` helper the page lacks.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { BASE_FLAGS, chromiumPath, WEBGPU_FLAGS } from '../e2e/chromium';
import { publishReport } from './results';
import { computeTargets, realGpuFrom } from './targets';
import { runTorch } from './torch';

const ROOT = join(import.meta.dirname, '..');
const QUICK = process.env.BENCH_QUICK === '1';
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 540) * 1000;
const T_START = Date.now();
const elapsedMs = () => Date.now() - T_START;
const leftMs = () => BUDGET_MS - elapsedMs();
const r1 = (x: number) => Math.round(x * 10) / 10;
const loadavg = () => os.loadavg().map((v) => Math.round(v * 100) / 100);
const log = (s: string) => process.stderr.write(`[bench] ${(elapsedMs() / 1000).toFixed(0)}s ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- in-page code (strings)

const INIT_SCRIPT = `
(() => {
  const B = (window.__bench = { msgs: [], long: [], frames: [], scatter: [] });
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(url, opts) {
      super(url, opts);
      if (!opts || opts.name !== 'training') return;
      this.addEventListener('message', (e) => {
        const d = e.data || {};
        const rec = { t: performance.now(), type: d.type };
        if (d.type === 'progress') { rec.step = d.report.step; rec.imagesPerSec = d.report.imagesPerSec; rec.stepsPerReport = d.report.stepsPerReport; }
        else if (d.type === 'ready') { rec.backend = d.backend; rec.evalSize = d.evalIndices.length; rec.step = d.step; }
        else if (d.type === 'embedding') { rec.step = d.step; rec.points = d.features.length / 2; }
        else if (d.type === 'dataset') { rec.loadMs = d.info.loadMs; rec.bytes = d.info.bytes; }
        else if (d.type === 'status') { rec.status = d.status; rec.step = d.step; }
        else if (d.type === 'error' || d.type === 'diverged') { rec.message = d.message; rec.code = d.code; }
        B.msgs.push(rec);
      });
    }
  };
  try {
    new PerformanceObserver((l) => l.getEntries().forEach((e) => B.long.push({ t: e.startTime, d: e.duration }))).observe({ type: 'longtask', buffered: true });
  } catch (e) { B.longUnsupported = String(e); }
  let last = 0;
  const tick = (t) => { if (last) B.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new MutationObserver((list) => {
    for (const m of list) {
      const el = m.target;
      if (!el.getAttribute || el.getAttribute('data-testid') !== 'scatter') continue;
      B.scatter.push({ t: performance.now(), points: Number(el.getAttribute('data-points')), step: Number(el.getAttribute('data-step')), drawMs: Number(el.getAttribute('data-draw-ms')) });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-points', 'data-step', 'data-draw-ms'] });
})();
`;

const HEADER_IPS = `(() => { const dt = [...document.querySelectorAll('dt')].find((d) => d.textContent.trim() === 'images/s'); return dt && dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : null; })()`;

const PROBE = `(async () => {
  const out = { webgpu: null, webgl: null, crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent };
  try {
    if (!navigator.gpu) out.webgpu = { available: false, reason: 'navigator.gpu is undefined' };
    else {
      const a = await navigator.gpu.requestAdapter();
      if (!a) out.webgpu = { available: false, reason: 'requestAdapter() returned null' };
      else {
        const i = a.info || {};
        out.webgpu = { available: true, vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description,
          isFallbackAdapter: a.isFallbackAdapter !== undefined ? a.isFallbackAdapter : i.isFallbackAdapter };
      }
    }
  } catch (e) { out.webgpu = { available: false, reason: String(e) }; }
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) out.webgl = { available: false, reason: 'no webgl2 context' };
    else {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      const vendor = ext ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR);
      out.webgl = { available: true, renderer, vendor, software: /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) };
    }
  } catch (e) { out.webgl = { available: false, reason: String(e) }; }
  return out;
})()`;

const RESOURCE_BYTES = `(() => {
  const list = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return list.map((e) => ({ name: e.name.replace(location.origin, ''), transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize }));
})()`;

const WORKER_RESOURCE_BYTES = `performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, ''), transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize }))`;

interface Msg {
  t: number;
  type: string;
  step?: number;
  imagesPerSec?: number;
  points?: number;
  evalSize?: number;
  loadMs?: number;
  message?: string;
  code?: string;
  /** threads: what the backend computes on (wasm's thread pool size, 1 without cross-origin isolation). */
  backend?: { backend: string; reason: string; adapter: string | null; realGpu: boolean; variant: string; parameters: number; threads: number };
}
interface ScatterRec {
  t: number;
  points: number;
  step: number;
  drawMs: number;
}

const msgs = (page: Page) => page.evaluate('window.__bench.msgs') as Promise<Msg[]>;
const scatterRecs = (page: Page) => page.evaluate('window.__bench.scatter') as Promise<ScatterRec[]>;

async function waitFor<T>(page: Page, what: string, timeoutMs: number, pick: (m: Msg[]) => T | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = await msgs(page);
    const err = m.find((x) => x.type === 'error' || x.type === 'diverged');
    if (err) throw new Error(`the app reported ${err.type} (${err.code ?? ''}): ${err.message}`);
    const v = pick(m);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------- server

function freePort(start: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const tryPort = (p: number) => {
      if (p > start + 50) return reject(new Error(`no free port in ${start}-${start + 50}`));
      // Ports that fetch() and browsers refuse ("bad port").
      if ([4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080].includes(p)) return tryPort(p + 1);
      const srv = createServer();
      srv.once('error', () => tryPort(p + 1));
      srv.listen(p, '127.0.0.1', () => srv.close(() => resolve(p)));
    };
    tryPort(start);
  });
}

async function startPreview(port: number): Promise<ChildProcess> {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      if (r.ok) return child;
    } catch (e) {
      if (process.env.BENCH_DEBUG) log(`preview not up yet: ${String((e as Error).cause ?? e)}`);
    }
    await sleep(250);
  }
  child.kill();
  throw new Error(`vite preview did not answer on port ${port}: ${out}`);
}

// ---------------------------------------------------------------- measurements

async function newPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  await page.addInitScript({ content: INIT_SCRIPT });
  return page;
}

interface TrainPlan {
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

async function measureTraining(ctx: BrowserContext, base: string, p: TrainPlan): Promise<Record<string, unknown>> {
  const page = await newPage(ctx);
  const hash = `#preset=fast&variant=${p.variant}&batch=${p.batch}&backend=${p.backend}&evalSize=100`;
  try {
    await page.goto(base + hash);
    const ready = await waitFor(page, 'ready', 180_000, (m) => m.find((x) => x.type === 'ready'));
    await waitFor(page, 'the first embedding', 180_000, (m) => m.find((x) => x.type === 'embedding'));
    await page.getByTestId('train-toggle').click();
    const tClick = (await page.evaluate('performance.now()')) as number;
    const warm = await waitFor(page, `${p.warmupSteps} warm-up step(s)`, p.warmupTimeoutSeconds * 1000, (m) =>
      m.find((x) => x.type === 'progress' && (x.step ?? 0) >= p.warmupSteps),
    ).catch((e: Error) => e);
    if (warm instanceof Error) {
      const m = await msgs(page);
      const prog = m.filter((x) => x.type === 'progress');
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
      const h = (await page.evaluate(HEADER_IPS)) as string | null;
      if (h && h !== '–') headerSamples.push(h);
      const m = await msgs(page);
      const err = m.find((x) => x.type === 'error' || x.type === 'diverged');
      if (err) throw new Error(`the app reported ${err.type}: ${err.message}`);
      end = m.filter((x) => x.type === 'progress').at(-1)!;
      if ((end.step ?? 0) - (warm.step ?? 0) >= p.minSteps && end.t - warm.t >= p.minSeconds * 1000) break;
    }
    await page.getByTestId('train-toggle').click();
    const m = await msgs(page);
    const after = m.filter((x) => x.type === 'progress' && x.t > warm.t && x.t <= end.t);
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

function planInfo(p: TrainPlan, ready: Msg) {
  return {
    backend: p.backend,
    variant: p.variant,
    batch: p.batch,
    appBackend: ready.backend?.backend,
    appVariant: ready.backend?.variant,
    parameters: ready.backend?.parameters,
    threads: ready.backend?.threads,
    hash: `#preset=fast&variant=${p.variant}&batch=${p.batch}&backend=${p.backend}&evalSize=100`,
  };
}

/** ready → first embedding message (the worker's embed of the eval subset) and → the scatter drawn with all points. */
async function measureEmbed(ctx: BrowserContext, base: string, variant: 'slim' | 'full', size: number, keepOpen = false): Promise<{ result: Record<string, unknown>; page?: Page }> {
  const page = await newPage(ctx);
  const hash = `#preset=fast&variant=${variant}&backend=wasm&evalSize=${size}`;
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
async function measureJank(page: Page, minSeconds: number, maxSeconds: number): Promise<Record<string, unknown>> {
  await page.evaluate('window.__bench.long = []; window.__bench.frames = []; window.__bench.scatter = [];');
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
  const r = (await page.evaluate('({ long: window.__bench.long, frames: window.__bench.frames, scatter: window.__bench.scatter, unsupported: window.__bench.longUnsupported || null })')) as {
    long: { t: number; d: number }[];
    frames: number[];
    scatter: ScatterRec[];
    unsupported: string | null;
  };
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
async function measureFirstLoad(browser: Browser, base: string): Promise<Record<string, unknown>> {
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
    const pageEntries = (await page.evaluate(RESOURCE_BYTES)) as { name: string; transferSize: number; encodedBodySize: number; decodedBodySize: number }[];
    let workerEntries: typeof pageEntries = [];
    let workerEntriesError: string | null = null;
    const worker = page.workers().find((w) => /training/i.test(w.url())) ?? page.workers()[0];
    if (worker) {
      try {
        workerEntries = (await worker.evaluate(WORKER_RESOURCE_BYTES)) as typeof pageEntries;
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

async function probeBrowser(browser: Browser, base: string): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(base + '#backend=wasm&evalSize=10');
    const probe = (await page.evaluate(PROBE)) as Record<string, unknown>;
    // The app's own decision on auto, with its reason.
    const page2 = await newPage(ctx);
    await page2.goto(base + '#evalSize=10');
    const ready = await waitFor(page2, 'ready', 180_000, (m) => m.find((x) => x.type === 'ready')).catch(() => undefined);
    const badge = page2.getByTestId('backend-badge');
    return {
      ...probe,
      appAuto: ready?.backend ?? null,
      badgeText: (await badge.textContent())?.trim() ?? null,
      badgeTitle: await badge.getAttribute('title'),
    };
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- main

async function withBrowser<T>(flags: string[], fn: (b: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: flags });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const started = new Date();
  const loadavgBefore = loadavg();
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run bench` (it builds first) or `npx vite build`');
  const port = await freePort(Number(process.env.BENCH_PORT ?? 4191));
  const server = await startPreview(port);
  const base = `http://127.0.0.1:${port}/`;
  const errors: string[] = [];
  const report: Record<string, unknown> = {
    kind: 'center-loss-lab/bench-browser',
    date: started.toISOString(),
    quick: QUICK,
    budgetSeconds: BUDGET_MS / 1000,
  };
  const chromiumVersion = { value: '' };
  const training: Record<string, unknown>[] = [];
  const s = QUICK ? 0.3 : 1;
  /** A GPU backend on the software renderer: the slim model at batch 64, a step or two, bounded in time. */
  const measureSoftwareGpu = (ctx: BrowserContext, backend: 'webgl' | 'webgpu') =>
    measureTraining(ctx, base, {
      backend,
      variant: 'slim',
      batch: 64,
      warmupSteps: 1,
      minSteps: 1,
      minSeconds: 10 * s,
      maxSeconds: Math.min(90, leftMs() / 2000),
      warmupTimeoutSeconds: Math.min(120, leftMs() / 2000),
    }).catch((e: Error) => ({ backend, variant: 'slim', batch: 64, measured: false, error: e.message }));
  try {
    // ---- without WebGPU: default load, wasm everything, webgl bounded
    await withBrowser(BASE_FLAGS, async (browser) => {
      chromiumVersion.value = browser.version();
      log('probe (no WebGPU flag)');
      report.noWebgpuFlag = await probeBrowser(browser, base);

      log('first load (fresh context, default settings)');
      report.firstLoad = await measureFirstLoad(browser, base).catch((e: Error) => (errors.push(`firstLoad: ${e.message}`), null));

      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        for (const variant of ['slim', 'full'] as const) {
          for (const batch of [64, 128]) {
            const plan: TrainPlan =
              variant === 'slim'
                ? { backend: 'wasm', variant, batch, warmupSteps: 3, minSteps: 5, minSeconds: 12 * s, maxSeconds: 60, warmupTimeoutSeconds: 90 }
                : { backend: 'wasm', variant, batch, warmupSteps: 1, minSteps: QUICK ? 1 : 3, minSeconds: 15 * s, maxSeconds: 120, warmupTimeoutSeconds: 120 };
            log(`training wasm ${variant} b${batch}`);
            try {
              const r = await measureTraining(ctx, base, plan);
              training.push(r);
              log(`  → ${JSON.stringify({ wall: r.imagesPerSecWall, reported: r.imagesPerSecReported, warmupMs: r.warmupMs })}`);
            } catch (e) {
              errors.push(`wasm ${variant} b${batch}: ${(e as Error).message}`);
            }
          }
        }

        const embed: Record<string, unknown>[] = [];
        report.embed = embed;
        for (const [variant, size] of [['slim', 2000], ['full', 2000]] as const) {
          log(`embed wasm ${variant} ${size}`);
          try {
            embed.push((await measureEmbed(ctx, base, variant, size)).result);
          } catch (e) {
            errors.push(`embed ${variant} ${size}: ${(e as Error).message}`);
          }
        }
        log('embed wasm slim 10000, then long tasks / frames while training and drawing 10,000 points');
        try {
          const { result, page } = await measureEmbed(ctx, base, 'slim', 10000, true);
          embed.push(result);
          report.mainThreadWhileTraining10k = { backend: 'wasm', variant: 'slim', batch: 128, ...(await measureJank(page!, QUICK ? 8 : 20, QUICK ? 40 : 90)) };
          await page!.close();
        } catch (e) {
          errors.push(`embed/jank 10000: ${(e as Error).message}`);
        }

        // webgl runs on SwiftShader here: slim at batch 64 only, time-bounded.
        const gl = (report.noWebgpuFlag as { webgl?: { available?: boolean; software?: boolean; renderer?: string } }).webgl;
        if (!gl?.available) training.push({ backend: 'webgl', measured: false, skipped: 'no WebGL2 context in this browser' });
        else if (leftMs() < 150_000) training.push({ backend: 'webgl', variant: 'slim', batch: 64, measured: false, skipped: `bench time budget spent (software renderer: ${gl.renderer})` });
        else {
          log('training webgl slim b64 (bounded)');
          const r = await measureSoftwareGpu(ctx, 'webgl');
          training.push({ ...r, renderer: gl.renderer, software: gl.software, note: 'software GPU (SwiftShader): slim at batch 64 only, time-bounded' });
        }
      } finally {
        await ctx.close();
      }
    });

    // ---- with --enable-unsafe-webgpu: the adapter, and webgpu bounded
    await withBrowser([...BASE_FLAGS, ...WEBGPU_FLAGS], async (browser) => {
      log('probe (--enable-unsafe-webgpu)');
      const probe = await probeBrowser(browser, base);
      report.webgpuFlag = probe;
      const gpu = probe.webgpu as { available?: boolean; isFallbackAdapter?: boolean; architecture?: string; vendor?: string } | null;
      if (!gpu?.available) training.push({ backend: 'webgpu', measured: false, skipped: 'no WebGPU adapter even with --enable-unsafe-webgpu' });
      else if (leftMs() < 150_000)
        training.push({ backend: 'webgpu', variant: 'slim', batch: 64, measured: false, skipped: `bench time budget spent (software adapter: ${gpu.vendor}/${gpu.architecture}, isFallbackAdapter ${gpu.isFallbackAdapter})` });
      else {
        log('training webgpu slim b64 (bounded)');
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        try {
          const r = await measureSoftwareGpu(ctx, 'webgpu');
          training.push({ ...r, adapter: gpu, note: 'software adapter (SwiftShader, isFallbackAdapter): slim at batch 64 only, time-bounded' });
        } finally {
          await ctx.close();
        }
      }
    });
  } finally {
    server.kill('SIGTERM');
  }

  // After the browser is closed, so that the two never compete for the cores.
  log('PyTorch (full and slim, batch 128 and 64)…');
  const pytorch = runTorch(
    [
      { variant: 'full', batch: 128 },
      { variant: 'slim', batch: 128 },
      { variant: 'slim', batch: 64 },
      { variant: 'full', batch: 64 },
    ],
    { quick: QUICK },
  );
  const cores = os.cpus().length;

  const pkg = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return null;
    }
  };
  const out = {
    ...report,
    machine: {
      cores,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemGiB: r1(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      loadavgBefore,
      loadavgAfter: loadavg(),
      node: process.version,
      chromium: chromiumVersion.value,
      chromiumPath: chromiumPath(),
      playwright: pkg('@playwright/test'),
      tfjs: pkg('@tensorflow/tfjs'),
      realGpu: realGpuFrom(report),
    },
    training,
    pytorch,
    targets: computeTargets(report, training, pytorch, cores),
    errors,
    totalSeconds: Math.round(elapsedMs() / 1000),
  };
  log(`wrote ${publishReport('browser', started, out)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
