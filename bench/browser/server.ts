/** The production build (dist/) served by `vite preview` in this process, on a port the OS picks. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { preview, type PreviewServer } from 'vite';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Served {
  /** With a trailing slash. */
  base: string;
  close: () => Promise<void>;
}

export async function serveDist(): Promise<Served> {
  // BENCH_DIST: another build to serve (an A/B of two builds in one sitting); default dist/.
  const outDir = process.env.BENCH_DIST ?? 'dist';
  if (!existsSync(join(ROOT, outDir, 'index.html'))) throw new Error(`${outDir}/ is missing: run \`npm run bench\` (it builds first) or \`npx vite build\``);
  // Port 0: an ephemeral port, so two runs (or a run beside the e2e tests) never collide.
  const server: PreviewServer = await preview({ root: ROOT, configLoader: 'runner', logLevel: 'warn', build: { outDir }, preview: { port: 0, strictPort: true, host: '127.0.0.1', open: false } });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview started but reported no local URL');
  return { base: base.endsWith('/') ? base : `${base}/`, close: () => server.close() };
}
