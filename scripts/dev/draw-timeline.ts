/**
 * When each panel draws while training, and what arrived before: groups the scatters' draws into frames.
 *   BENCH_DIST=dist npx tsx scripts/dev/draw-timeline.ts '#compare=1' 10
 */
import { chromium } from 'playwright';
import { chromiumPath, flagsFor } from '../../e2e/chromium';
import { serveDist } from '../../bench/browser/server';
import { newPage, sleep } from '../../bench/browser/measure';
import type {} from '../../bench/page/recorder';

const [hash = '#compare=1', secs = '10'] = process.argv.slice(2);
const served = await serveDist();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: flagsFor('plain') });
try {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await newPage(ctx);
  await page.goto(served.base + hash);
  await page.waitForSelector('[data-testid="scatter"]:not([data-points="0"])', { timeout: 180_000 });
  await sleep(1000);
  if ((await page.getByTestId('run-status').textContent()) !== 'running') await page.getByTestId('train-toggle').click();
  await sleep(4000);
  const t0 = await page.evaluate(() => performance.now());
  await sleep(Number(secs) * 1000);
  const { scatter, msgs } = await page.evaluate(() => ({ scatter: window.__bench.scatter, msgs: window.__bench.msgs.map((m) => ({ t: m.t, type: m.type, run: m.run })) }));
  const draws = scatter.filter((s) => s.t >= t0);
  const frames = new Map<number, string[]>();
  for (const d of draws) frames.set(Math.round(d.t), [...(frames.get(Math.round(d.t)) ?? []), `${d.id}@${d.step} ${d.drawMs}ms`]);
  const types: Record<string, number> = {};
  for (const m of msgs.filter((m) => m.t >= t0)) types[`${m.type}:${m.run ?? ''}`] = (types[`${m.type}:${m.run ?? ''}`] ?? 0) + 1;
  console.log(JSON.stringify({ frames: frames.size, perSec: +(frames.size / Number(secs)).toFixed(2), draws: draws.length, messages: types }, null, 1));
  for (const [t, v] of [...frames].slice(0, 30)) console.log(Math.round(t - t0), v.join(' | '));
} finally {
  await browser.close();
  await served.close();
}
