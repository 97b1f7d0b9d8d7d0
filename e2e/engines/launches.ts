/** Fresh launches, one after another, each with a new profile: every one must reach a model (Firefox's start-up hang). */
import { waitFor, type Driver } from './driver';
import { TINY } from './scenario';

export async function repeatedLaunches(launch: () => Promise<Driver>, url: string, n: number, log: (line: string) => void): Promise<{ ok: boolean; version: string; detail: string }> {
  let version = '';
  let good = 0;
  let restarted = 0;
  const stuck: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = await launch();
    version = d.version;
    try {
      await d.goto(`${url}#${TINY}`);
      // Bound: one blocked start (12 s without an answer) and its restart, on a loaded machine.
      const badge = await waitFor('a model', async () => {
        const b = await d.run<string | null>(`return document.querySelector('[data-testid="backend-badge"]')?.textContent ?? null;`);
        return b && b !== 'starting…' ? b : null;
      }, 90_000, async () => `note "${await d.run<string | null>(`return document.querySelector('[data-testid="startup-note"]')?.textContent ?? null;`)}"`);
      const banner = await d.run<string | null>(`return document.querySelector('[data-testid="error-banner"]')?.textContent ?? null;`);
      if (banner && /did not answer/.test(banner)) restarted++;
      good++;
      log(`  launch ${i + 1}/${n}: ${badge}${banner ? ` (${banner.trim()})` : ''}`);
    } catch (e) {
      stuck.push(`launch ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      log(`  launch ${i + 1}/${n}: STUCK ${stuck.at(-1)}`);
    } finally {
      await d.close().catch(() => undefined);
    }
  }
  return { ok: good === n, version, detail: `${good} of ${n} reached a model, ${restarted} after the watchdog restarted a blocked worker${stuck.length ? `; ${stuck.join('; ')}` : ''}` };
}
