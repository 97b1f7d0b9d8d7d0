/** Registers the service worker that keeps the app usable offline after the first visit: production builds only. */
import { registerServiceWorker } from './isolation';

export function registerOffline(): void {
  // The dev server has no service worker: its modules change on every edit.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    registerServiceWorker().catch((e: unknown) => {
      console.warn(`Offline use is unavailable: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  // After the page's own downloads: the precache fetches the whole deployment.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
