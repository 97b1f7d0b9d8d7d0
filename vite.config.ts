import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS, SERVED_HEADERS } from './src/workers/headers';
import { offlinePlugin } from './vite/offline';
import { wasmThreadsPlugin } from './vite/wasmThreadsPlugin';

export default defineConfig({
  // Relative URLs: the build works from any path on any static host (a course page's sub-folder).
  base: './',
  plugins: [react(), offlinePlugin(import.meta.dirname)],
  // Cross-origin isolation everywhere; the CSP only where the production build is served (src/workers/headers.ts).
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: SERVED_HEADERS, port: 4173, strictPort: true },
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // Rolldown's slow-plugin report depends on the machine's load and reads like an error to a newcomer.
      checks: { pluginTimings: false },
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        selftest: resolve(import.meta.dirname, 'selftest.html'),
        // A dev page, built only on request: scripts/dev/kernels/browser.mjs.
        ...(process.env.KERNELS_PAGE ? { kernels: resolve(import.meta.dirname, 'scripts/dev/kernels/browser.html') } : {}),
      },
    },
  },
});
