/** Where the main thread's time goes while training: a CDP CPU profile of the page, summed by function (self and total time). */
import type { Browser } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { newPage, sleep } from './measure';
import { summarizeProfile, type Profile } from './profileSummary';

/** Trains for `seconds` after a 4 s warm-up and returns the main thread's profile, summed. */
export async function profileMain(browser: Browser, base: string, hash: string, seconds: number): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  try {
    const cdp = await ctx.newCDPSession(page);
    await page.goto(base + hash);
    await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
    await sleep(1000);
    if ((await page.getByTestId('run-status').textContent()) !== 'running') await page.getByTestId('train-toggle').click();
    await sleep(4000);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await sleep(seconds * 1000);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const s = summarizeProfile(profile);
    return { hash, ...s, busyShare: Math.round((s.busyMs / 1000 / s.seconds) * 100) / 100 };
  } finally {
    await ctx.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts?: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

/** Trains for `seconds` after a 4 s warm-up under a Chromium trace: the page's main thread by event (self time of the top-level tasks' children). */
export async function traceMain(browser: Browser, base: string, hash: string, seconds: number): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  try {
    await page.goto(base + hash);
    await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
    await sleep(1000);
    if ((await page.getByTestId('run-status').textContent()) !== 'running') await page.getByTestId('train-toggle').click();
    await sleep(4000);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'cc', 'gpu', 'viz', 'blink'] });
    await sleep(seconds * 1000);
    const raw = (await browser.stopTracing()).toString();
    // TRACE_OUT=file keeps the whole trace, for chrome://tracing or a closer look.
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, raw);
    const events = (JSON.parse(raw) as { traceEvents: TraceEvent[] }).traceEvents;
    const names = new Map<string, string>();
    for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
    // Complete events summed by thread and name (nested ones overlap their parents: read as "time inside").
    const sums: Record<string, Record<string, number>> = {};
    const counts: Record<string, number> = {};
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur) continue;
      const th = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
      const t = (sums[th] ??= {});
      t[e.name] = (t[e.name] ?? 0) + e.dur / 1000;
      if (/RendererMain/.test(th)) counts[e.name] = (counts[e.name] ?? 0) + 1;
    }
    const top = Object.fromEntries(
      Object.entries(sums).map(([th, m]) => [th, Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => [k, Math.round(v)]))]),
    );
    // The main thread's longest tasks, each with its thread (CPU) time and the longest events inside it: what a long task was doing.
    const mainKey = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
    const onMain = events.filter((e) => e.ph === 'X' && e.dur && `${e.pid}:${e.tid}` === mainKey);
    const longest = onMain
      .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur! >= 30_000)
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 8)
      .map((t) => ({
        ms: Math.round(t.dur! / 1000),
        cpuMs: t.tdur === undefined ? null : Math.round(t.tdur / 1000),
        inside: onMain
          .filter((e) => e !== t && e.ts! >= t.ts! && e.ts! + e.dur! <= t.ts! + t.dur! && e.name !== 'RunTask')
          .sort((a, b) => b.dur! - a.dur!)
          .slice(0, 6)
          .map((e) => `${e.name} ${Math.round(e.dur! / 1000)}`),
      }));
    return { hash, seconds, longest, mainThreadCounts: Object.fromEntries(['ProxyMain::BeginMainFrame', 'Commit', 'FireAnimationFrame', 'Paint', 'Canvas2DResourceProvider::ProduceCanvasResource', 'Layout'].map((k) => [k, counts[k] ?? 0])), threads: top };
  } finally {
    await ctx.close();
  }
}
