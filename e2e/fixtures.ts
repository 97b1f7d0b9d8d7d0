/** Shared e2e helpers: a page that records console errors and any request leaving the origin. */
import { test as base, expect, type Page } from '@playwright/test';
import type { FaultKind } from '../src/workers/protocol';

export interface Watch {
  consoleErrors: string[];
  foreignRequests: string[];
}

export const test = base.extend<{ watch: Watch }>({
  watch: async ({ page, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    const w: Watch = { consoleErrors: [], foreignRequests: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') w.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => w.consoleErrors.push(e.message));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) w.foreignRequests.push(u);
    });
    await use(w);
  },
});

export { expect };

/** A setup small enough for SwiftShader and quick on wasm: the slim model, batch 8, 200 eval digits. */
export const TINY = 'preset=fast&batch=8&variant=slim&evalSize=200';

/** Opens the app with settings in the hash and waits for the model to be ready. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash ? `#${hash.replace(/^#/, '')}` : ''}`);
  await expect(page.getByTestId('dataset-counts')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend-badge')).not.toHaveText('starting…', { timeout: 120_000 });
}

export async function stepCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-counter').textContent());
}

/** A fault the browser cannot raise on demand, through the page's test hook (src/app/main.tsx). */
export async function fault(page: Page, kind: FaultKind): Promise<void> {
  await page.evaluate((k) => (window as unknown as { centerLossLab: { fault(kind: FaultKind): void } }).centerLossLab.fault(k), kind);
}

/** Two animation frames: the page has drawn whatever the last change (a resize, a mode) asked for. */
export async function drawn(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}
