/**
 * Cross-origin isolation on any static host: where the server sends no COOP/COEP, the service worker (src/workers/sw.ts)
 * serves the app with them, and the first visit reloads once, by itself, when the worker controls the page.
 */

import { planIsolation, RELOAD_KEY, SERVER_FIX, WAITING_WORDS } from './isolationPlan';

const readReloadedAt = (): number | null => {
  try {
    const v = sessionStorage.getItem(RELOAD_KEY);
    return v === null ? null : Number(v);
  } catch {
    return null;
  }
};

/** Registers the service worker, scoped to the folder the page is in (the build's base is relative). */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
}

/** How long the first visit waits for the service worker's copy (about 16 MB) before it starts on one thread. */
const INSTALL_MS = 180_000;

/** Resolves once a reload will be served by the service worker: it controls the page, or an active one (after a hard reload) will. */
function controlled(reg: ServiceWorkerRegistration): Promise<void> {
  return new Promise((resolve, reject) => {
    if (navigator.serviceWorker.controller || reg.active) return resolve();
    setTimeout(() => reject(new Error(`its copy of the app was not ready after ${INSTALL_MS / 1000} s`)), INSTALL_MS);
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
    const sw = reg.installing ?? reg.waiting;
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'redundant') reject(new Error('the service worker could not install (a file of the app failed to download)'));
    });
  });
}

/**
 * Isolates the page or says why not. 'reloading': the page is about to reload (the app must not start);
 * a string: the app starts on one thread and shows it; null: isolated (or a dev build).
 */
export async function isolate(show: (words: string) => void): Promise<'reloading' | string | null> {
  if (!import.meta.env.PROD) return null;
  const plan = planIsolation({
    isolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
    serviceWorker: 'serviceWorker' in navigator,
    controlled: 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null,
    reloadedAt: readReloadedAt(),
    now: Date.now(),
  });
  if (plan.kind === 'isolated') {
    try {
      sessionStorage.removeItem(RELOAD_KEY);
    } catch {
      // Storage off: nothing was kept.
    }
    return null;
  }
  if (plan.kind === 'give-up') return plan.why;
  if (plan.kind === 'wait-then-reload') {
    show(WAITING_WORDS);
    try {
      await controlled(await registerServiceWorker());
    } catch (e) {
      return `Training on 1 thread: ${SERVER_FIX}. The page's service worker could not add them: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }
  try {
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    // Without storage the loop guard cannot hold: start on one thread rather than risk reloading forever.
    return `Training on 1 thread: ${SERVER_FIX}.`;
  }
  // The hash (the link's settings) is kept by a reload.
  location.reload();
  return 'reloading';
}
