import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { wasmThreadsPlugin } from './vite/wasmThreadsPlugin';

// Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer, and so wasm threads, available.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation, port: 4173, strictPort: true },
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        selftest: resolve(import.meta.dirname, 'selftest.html'),
        // A dev page, built only on request: scripts/dev/kernels/browser.mjs.
        ...(process.env.KERNELS_PAGE ? { kernels: resolve(import.meta.dirname, 'scripts/dev/kernels/browser.html') } : {}),
      },
    },
  },
});
