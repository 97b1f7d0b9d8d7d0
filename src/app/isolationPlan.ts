/** Whether and how the page makes itself cross-origin isolated, as a pure decision (src/app/isolation.ts acts on it). No DOM. */

/** Where the last automatic reload's time is kept: a second one soon after means it did not help (never a loop). */
export const RELOAD_KEY = 'center-loss-lab:isolation-reload';
const LOOP_MS = 60_000;

/** What the page does about isolation at start-up. */
export type IsolationPlan = { kind: 'isolated' } | { kind: 'wait-then-reload' } | { kind: 'reload' } | { kind: 'give-up'; why: string };

/** The server is the reason, and what fixes it, in one sentence the notice shows. */
export const SERVER_FIX = 'the server sends no cross-origin isolation headers: set "Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" on it (README: Put it on your course page)';

export function planIsolation(env: { isolated: boolean; serviceWorker: boolean; controlled: boolean; reloadedAt: number | null; now: number }): IsolationPlan {
  if (env.isolated) return { kind: 'isolated' };
  if (!env.serviceWorker) return { kind: 'give-up', why: `Training on 1 thread: ${SERVER_FIX}. This browser offers no service worker here (a private window, or a page not on https) to add them.` };
  if (env.reloadedAt !== null && env.now - env.reloadedAt >= 0 && env.now - env.reloadedAt < LOOP_MS) {
    return { kind: 'give-up', why: `Training on 1 thread: ${SERVER_FIX}. The page reloaded once for its service worker to add them, and it is still not isolated.` };
  }
  return env.controlled ? { kind: 'reload' } : { kind: 'wait-then-reload' };
}

/** The page's words while the service worker installs, before the app starts. */
export const WAITING_WORDS = 'Preparing the lab for this server: it sends no cross-origin isolation headers, so the page’s service worker will add them (and keep a copy for offline use). The page reloads once by itself when that is ready.';

/** Why wasm has one thread where it has: without isolation the server is the reason (SharedArrayBuffer needs it), else the browser. */
export function oneThreadWhy(env: { sab: boolean; isolated: boolean }): string | null {
  if (!env.isolated) return 'the server sends no cross-origin isolation headers';
  if (!env.sab) return 'no SharedArrayBuffer in this browser';
  return null;
}
