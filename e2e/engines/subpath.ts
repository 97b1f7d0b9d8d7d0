/**
 * The course-page deployment in one engine: dist/ under /courses/ml/lab/ on a plain static server (no COOP/COEP, no CSP).
 * The first visit reloads itself once to become isolated, keeps its link's settings, trains on wasm threads, then works offline.
 */
import { rmSync } from 'node:fs';
import { hostDist, serveStatic, SUB_PATH } from '../staticHost';
import { waitFor, type Driver } from './driver';
import type { CheckResult } from './scenario';

const LINK = 'compare=1&preset=fast&batch=8&variant=slim&evalSize=200&lambda=0.3';
const text = (d: Driver, id: string) => d.run<string | null>(`return document.querySelector('[data-testid="${id}"]')?.textContent ?? null;`);
const step = async (d: Driver) => Number(await text(d, 'step-counter'));

export async function runSubPath(d: Driver, port: number, shots: string, log: (r: CheckResult) => void): Promise<void> {
  const root = hostDist();
  const host = await serveStatic(root, port);
  const say = async () => `page shows: status "${await text(d, 'isolation-status')}", badge "${await text(d, 'backend-badge')}", step ${await text(d, 'step-counter')}, notices "${await text(d, 'notice-banner')}"`;
  const check = async (name: string, fn: () => Promise<string>) => {
    try {
      log({ name, ok: true, detail: await fn() });
    } catch (e) {
      await d.screenshot(`${shots}/${d.engine}-failed-subpath.png`).catch(() => undefined);
      log({ name, ok: false, detail: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  };
  try {
    await check('a sub-path of a plain static server: one reload to isolation, the link kept, threads', async () => {
      await d.goto(`${host.url}${SUB_PATH}#${LINK}`);
      const badge = await waitFor('a model after the automatic reload', async () => {
        const b = await text(d, 'backend-badge');
        return b && b !== 'starting…' && (await text(d, 'dataset-counts')) ? b : null;
      }, 180_000, say);
      const env = await d.run<{ coi: boolean; nav: string; hash: string; runs: number }>(
        "return { coi: crossOriginIsolated, nav: performance.getEntriesByType('navigation')[0].type, hash: location.hash, runs: document.querySelectorAll('[data-run][data-lambda]').length };",
      );
      if (!env.coi || env.nav !== 'reload') throw new Error(`isolated ${env.coi}, this document came by "${env.nav}", not by the page's own reload`);
      if (!env.hash.includes('lambda=0.3') || env.runs !== 2) throw new Error(`the link's settings were lost: hash "${env.hash}", ${env.runs} runs`);
      const threads = Number(/(\d+) threads/.exec(badge)?.[1] ?? 1);
      if (threads < 2) throw new Error(`one thread: "${badge}"`);
      await d.run("document.querySelector('[data-testid=\"train-toggle\"]').click();");
      await waitFor('step 10', async () => (await step(d)) >= 10, 180_000, say);
      await d.screenshot(`${shots}/${d.engine}-subpath-training.png`);
      await d.run("document.querySelector('[data-testid=\"train-toggle\"]').click();");
      return `${badge}; reloaded once by itself, isolated, ${env.hash}`;
    });
    await check('the sub-path deployment offline', async () => {
      await host.close();
      await d.goto(`${host.url}${SUB_PATH}#${LINK}`);
      await waitFor('the data and a model offline', async () => (await text(d, 'dataset-counts')) && (await text(d, 'backend-badge')) !== 'starting…', 180_000, say);
      const from = await step(d);
      await d.run("document.querySelector('[data-testid=\"step-once\"]').click();");
      await waitFor('one step offline', async () => (await step(d)) > from, 60_000, say);
      return `server stopped; ${await text(d, 'dataset-counts')}, ${await text(d, 'backend-badge')}, stepped`;
    });
  } finally {
    await host.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
