/**
 * Where the training worker's time goes in Chromium: a CDP CPU profile of the worker (puppeteer-core,
 * which reaches worker targets) while the page trains, summed by function. Usage:
 *   npx vite build --configLoader runner --minify false --outDir dist-prof
 *   BENCH_DIST=dist-prof npx tsx scripts/dev/worker-profile.ts ['#compare=1&quick=1'] [seconds]
 * Each worker's rows are its functions by self time; `wasm` names the tfjs kernels behind its busiest wasm functions.
 * PROFILE_DIR=<dir> also writes each worker's raw profile there (<n>.cpuprofile, for DevTools' Performance panel).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { chromiumPath, flagsFor } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';
import { callersOf, summarizeProfile, type Profile } from '../../bench/browser/profileSummary';

const hash = process.argv[2] ?? '#compare=1&quick=1';
const seconds = Number(process.argv[3] ?? 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const served = await serveDist();
const browser = await puppeteer.launch({ executablePath: chromiumPath(), args: flagsFor('plain'), headless: true });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  await page.goto(served.base + hash);
  await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
  await sleep(1000);
  const status = await page.$eval('[data-testid="run-status"]', (e) => e.textContent);
  if (status !== 'running') await page.click('[data-testid="train-toggle"]');
  await sleep(3000);
  const workers = page.workers();
  const step0 = await page.$eval('[data-testid="scatter"]', (e) => Number((e as HTMLElement).dataset.metricsStep ?? 0));
  const sessions = await Promise.all(
    workers.map(async (w) => {
      const c = w.client;
      await c.send('Profiler.enable');
      await c.send('Profiler.setSamplingInterval', { interval: 200 });
      await c.send('Profiler.start');
      return { url: w.url(), c };
    }),
  );
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const out = [];
  for (const { url, c } of sessions) {
    const { profile } = (await c.send('Profiler.stop')) as unknown as { profile: Profile };
    const dir = process.env.PROFILE_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/${out.length}.cpuprofile`, JSON.stringify(profile));
    }
    const s = summarizeProfile(profile, 45);
    // The stripped wasm binary's functions by the tfjs kernels that called them.
    const wasm = callersOf(profile, /^wasm-function/, 6, 3).map((k) => ({ fn: k.fn, selfMs: k.selfMs, from: k.from.slice(0, 3).map((f) => `${f.ms} ${f.chain}`) }));
    out.push({ url: url.split('/').pop(), seconds: s.seconds, busyMs: Math.round(s.busyMs), rows: s.rows.map((r) => `${String(Math.round(r.selfMs)).padStart(6)} ${String(Math.round(r.totalMs)).padStart(6)}  ${r.fn}`), wasm });
  }
  const step1 = await page.$eval('[data-testid="scatter"]', (e) => Number((e as HTMLElement).dataset.metricsStep ?? 0));
  console.log(JSON.stringify({ hash, wallSeconds: (Date.now() - t0) / 1000, metricsSteps: [step0, step1], workers: out }, null, 1));
} finally {
  await browser.close();
  await served.close();
}
