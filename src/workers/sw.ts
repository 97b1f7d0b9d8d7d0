/** The service worker: precaches one deployment (the app, its wasm binaries, MNIST) and serves it offline, with the served headers. */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { withServedHeaders } from './headers';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

// Offline, cross-origin isolation (wasm threads) and the CSP must come from the worker: there is no server to send them.
addPlugins([{ cachedResponseWillBeUsed: async ({ cachedResponse }) => (cachedResponse ? withServedHeaders(cachedResponse) : null) }]);
// The list and revisions come from the build (vite/offline.ts): a new deployment installs as a whole or not at all.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// No skipWaiting: a page keeps the deployment it loaded; the first visit is taken over once its precache is complete.
clientsClaim();
