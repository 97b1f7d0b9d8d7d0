/**
 * The build works from any path on any host: no URL in the built page, the service worker or the training worker may be
 * rooted at the server's root ("/assets/…") or name a host. Reads dist/ as `npm run build` left it (built here when missing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const DIST = 'dist';
const read = (p: string) => readFileSync(`${DIST}/${p}`, 'utf8');
const asset = (prefix: string) => {
  const f = readdirSync(`${DIST}/assets`).find((n) => n.startsWith(prefix) && n.endsWith('.js'));
  if (!f) throw new Error(`dist/assets has no ${prefix}*.js`);
  return read(`assets/${f}`);
};

/** A string literal in built code that names one of the app's own files from the server's root, or from another origin. */
const ROOTED = /["'`](?:https?:)?\/(?:\/[^"'`]*\/)?(?:assets|mnist|starts)\/[^"'`]*["'`]|["'`]\/(?:sw\.js|favicon\.svg|index\.html)["'`]/g;

beforeAll(() => {
  if (!existsSync(`${DIST}/index.html`)) execFileSync('node_modules/.bin/vite', ['build', '--configLoader', 'runner'], { stdio: 'inherit' });
}, 300_000);

describe('every URL of the build is relative', () => {
  it('index.html: every src and href', () => {
    const urls = [...read('index.html').matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    expect(urls.filter((u) => u.startsWith('/') || /^[a-z]+:/i.test(u))).toEqual([]);
  });
  it('the service worker: its precache list, and nothing rooted', () => {
    const sw = read('sw.js');
    const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toEqual(expect.arrayContaining(['index.html', 'mnist/train-images-idx3-ubyte.gz', 'starts/softmax-slim.json']));
    expect(urls.filter((u) => u.startsWith('/') || /^[a-z]+:/i.test(u))).toEqual([]);
    expect(sw.match(ROOTED) ?? []).toEqual([]);
  });
  it('the page script (the worker, the service worker and its scope) and the training worker (the wasm files)', () => {
    const main = asset('main-');
    expect(/new URL\(`training\.worker-[^`]+\.js`,import\.meta\.url\)/.test(main), 'the worker is found beside the page script').toBe(true);
    expect(main.match(ROOTED) ?? []).toEqual([]);
    const worker = asset('training.worker-');
    expect(/new URL\(`tfjs-backend-wasm-threaded-simd-[^`]+\.wasm`,import\.meta\.url\)/.test(worker), 'the wasm files are found beside the worker').toBe(true);
    expect(worker.match(ROOTED) ?? []).toEqual([]);
  });
  it('the check itself finds a rooted URL', () => {
    expect('a="/assets/main-x.js";b=`/mnist/manifest.json`;c="/sw.js";d="https://cdn.example/assets/x.js"'.match(ROOTED)).toHaveLength(4);
  });
});
