/**
 * Dev looks at the running app, on the bench's server, launcher and page instrumentation:
 *  - mainThread: the main thread's busy share (CDP TaskDuration), the machine's busy cores (/proc/stat) and the rates while training;
 *  - compareRun: a compare-mode run of N steps, then the metrics and open-set tables;
 *  - inspect: the page's and the worker's console, and every 5 s the badge, step and points.
 */
import type { Browser } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { msgs, newPage, r1, sleep } from './measure';
import { mainCpuShare, rendererMainCpu } from './threadCpu';

function cpuTimes(): { idle: number; total: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { idle: v[3]! + v[4]!, total: v.reduce((a, b) => a + b, 0) };
}

export async function mainThread(browser: Browser, base: string, hash: string, seconds: number, hide: boolean): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  try {
    const batch = Number(new URLSearchParams(hash.replace(/^#/, '')).get('batch') ?? 64);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(base + hash);
    await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
    if (hide) await page.evaluate(() => (document.body.style.display = 'none'));
    await sleep(1000);
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="train-toggle"]')!.click());
    await sleep(4000);
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await metrics();
    const r0 = rendererMainCpu();
    const c0 = cpuTimes();
    const t0 = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const m1 = await metrics();
    const r1cpu = rendererMainCpu();
    const c1 = cpuTimes();
    const t1 = await page.evaluate(() => performance.now());
    const p = (await msgs(page)).filter((x) => x.type === 'progress' && (x.run ?? 'run0') === 'run0' && x.t >= t0 && x.t <= t1);
    const reported = p.map((x) => x.imagesPerSec!).sort((a, b) => a - b);
    const span = (t1 - t0) / 1000;
    const share = (k: string) => Math.round(((m1[k]! - m0[k]!) / span) * 100) / 100;
    const rec = await page.evaluate(([a, b]: [number, number]) => ({ long: window.__bench.long.filter((x) => x.t >= a && x.t <= b), scatter: window.__bench.scatter.filter((x) => x.t >= a && x.t <= b) }), [t0, t1] as [number, number]);
    // A draw is a change of a scatter's data-draw-ms; a new picture, one of its data-step (a new snapshot drawn).
    const perSec = (id: string, f: (x: (typeof rec.scatter)[number], prev: (typeof rec.scatter)[number] | undefined) => boolean) => {
      const mine = rec.scatter.filter((x) => x.id === id);
      return mine.length ? r1(mine.filter((x, i) => f(x, mine[i - 1])).length / span) : null;
    };
    return {
      hash,
      hidden: hide,
      mainThreadBusy: share('TaskDuration'),
      // CPU time, not wall time: what the thread took from the cores, whatever else the machine was running.
      mainThreadCpu: mainCpuShare(r0, r1cpu, span),
      scriptShare: share('ScriptDuration'),
      layoutAndStyleShare: Math.round((share('LayoutDuration') + share('RecalcStyleDuration')) * 100) / 100,
      longTasks: { count: rec.long.length, maxMs: r1(Math.max(0, ...rec.long.map((x) => x.d))) },
      scatterDrawsPerSec: { scatter: perSec('scatter', () => true), softmax: perSec('scatter-softmax', () => true) },
      scatterStepsPerSec: { scatter: perSec('scatter', (x, q) => !!q && x.step !== q.step), softmax: perSec('scatter-softmax', (x, q) => !!q && x.step !== q.step) },
      machineBusyCores: c0 && c1 ? Math.round((1 - (c1.idle - c0.idle) / (c1.total - c0.total)) * os.cpus().length * 100) / 100 : null,
      imagesPerSecWall: p.length > 1 ? r1(((p.at(-1)!.step! - p[0]!.step!) * batch * 1000) / (p.at(-1)!.t - p[0]!.t)) : null,
      imagesPerSecReportedMedian: reported.length ? r1(reported[reported.length >> 1]!) : null,
      reports: p.length,
    };
  } finally {
    await ctx.close();
  }
}

export async function compareRun(browser: Browser, base: string, hash: string, steps: number, shot: string | null): Promise<Record<string, unknown>> {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await newPage(ctx);
  try {
    await page.goto(base + hash);
    await page.getByTestId('train-toggle').click({ timeout: 120_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="step-counter"]')?.textContent) >= n, steps, { timeout: 900_000, polling: 500 });
    await page.getByTestId('train-toggle').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === 'paused');
    await sleep(500);
    // One more step embeds both runs at the same step.
    const step = Number(await page.getByTestId('step-counter').textContent()) + 1;
    await page.getByTestId('step-once').click();
    await page.waitForFunction(
      (s) => ['scatter', 'scatter-softmax'].every((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-step') === String(s)),
      step,
      { timeout: 120_000 },
    );
    await sleep(500);
    const rows = (sel: string) => page.locator(`${sel} tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent?.trim() ?? '').join(' | ')));
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    return { hash, step, metrics: await rows('[data-testid="metrics"]'), openSet: await rows('[data-testid="openset-table"]'), screenshot: shot };
  } finally {
    await ctx.close();
  }
}

export async function inspect(browser: Browser, base: string, hash: string, seconds: number, action: 'train' | 'step' | null, shot: string | null): Promise<void> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  const t0 = Date.now();
  const at = () => ((Date.now() - t0) / 1000).toFixed(1);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  page.on('console', (m) => out(`[${at()}s page ${m.type()}] ${m.text().slice(0, 300)}`));
  page.on('worker', (w) => {
    out(`worker started ${w.url()}`);
    w.on('console', (m) => out(`[${at()}s worker ${m.type()}] ${m.text().slice(0, 300)}`));
  });
  page.on('pageerror', (e) => out(`pageerror ${e.message}`));
  try {
    await page.goto(base + hash);
    for (let i = 0; i < seconds; i += 5) {
      await sleep(5000);
      const badge = await page.getByTestId('backend-badge').textContent();
      const step = await page.getByTestId('step-counter').textContent();
      const pts = await page.getByTestId('scatter').getAttribute('data-points');
      out(`t=${at()}s badge=${badge} step=${step} points=${pts}`);
      if (i === 0 && action === 'train') await page.getByTestId('train-toggle').click();
      if (i === 0 && action === 'step') await page.getByTestId('step-once').click();
    }
    if (shot) await page.screenshot({ path: shot });
  } finally {
    await ctx.close();
  }
}

/** The modes a lesson trains in, each measured by mainThread: the target holds in every one. */
export const MAIN_THREAD_MODES = [
  ['single', '#featDim=2'],
  ['compare', '#compare=1'],
  ['quick lesson', '#compare=1&quick=1'],
  ['3-D compare', '#compare=1&featDim=3'],
] as const;

/** mainThread in every mode, and the worst of them (busy share, CPU share, longest task). */
export async function mainThreadModes(browser: Browser, base: string, seconds: number, errors: string[]): Promise<Record<string, unknown>> {
  const modes: Array<Record<string, unknown> & { mode: string }> = [];
  for (const [mode, hash] of MAIN_THREAD_MODES) {
    try {
      modes.push({ mode, ...(await mainThread(browser, base, hash, seconds, false)) });
    } catch (e) {
      errors.push(`main thread, ${mode}: ${(e as Error).message}`);
    }
  }
  const worst = (pick: (m: Record<string, unknown>) => unknown) => {
    const v = modes.map((m) => ({ mode: m.mode, v: pick(m) })).filter((x): x is { mode: string; v: number } => typeof x.v === 'number');
    return v.length ? v.reduce((a, b) => (b.v > a.v ? b : a)) : null;
  };
  const busy = worst((m) => m.mainThreadBusy);
  const cpu = worst((m) => m.mainThreadCpu);
  const task = worst((m) => (m.longTasks as { maxMs?: number } | undefined)?.maxMs);
  return { seconds, modes, maxBusy: busy?.v ?? null, maxBusyMode: busy?.mode ?? null, maxCpu: cpu?.v ?? null, longestTaskMs: task?.v ?? null, longestTaskMode: task?.mode ?? null };
}
