/**
 * The cross-browser suite: the lesson's path in Firefox ESR and WebKitGTK against the production build,
 * then repeated fresh launches in Firefox (its start-up hang). Prints a table naming each browser and version, writes
 * screenshots to test-results/engines/, ends with "N passed, M failed" and exits 1 on any failure.
 * Flags: --engines=firefox,webkit  --launches=N (Firefox fresh launches; 0 skips)  --build (rebuild dist/ first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Driver, EngineName } from './driver';
import { launchFirefox } from './firefox';
import { repeatedLaunches } from './launches';
import { noFacts, runScenario, type CheckResult, type EngineFacts } from './scenario';
import { startPreview } from './server';
import { runSubPath } from './subpath';
import { launchWebKit } from './webkit';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const engines = arg('engines', 'firefox,webkit').split(',') as EngineName[];
const launches = Number(arg('launches', '8'));
const PORT = Number(process.env.ENGINES_PORT ?? 4192);
const SHOTS = 'test-results/engines';

if (process.argv.includes('--build') || !existsSync('dist/index.html')) execFileSync('node_modules/.bin/vite', ['build'], { stdio: 'inherit' });
mkdirSync(SHOTS, { recursive: true });

const results: Array<CheckResult & { browser: string }> = [];
const facts: EngineFacts[] = [];
const launch = (e: EngineName): Promise<Driver> => (e === 'firefox' ? launchFirefox() : launchWebKit(PORT + 10));

for (const engine of engines) {
  const server = await startPreview(PORT);
  let d: Driver | null = null;
  try {
    d = await launch(engine);
    console.log(`\n== ${d.version} ==`);
    const browser = d.version;
    const f = noFacts(d);
    facts.push(f);
    await runScenario(d, server, SHOTS, (r) => {
      results.push({ ...r, browser });
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${browser} · ${r.name}: ${r.detail}`);
    }, f);
    // The course-page deployment (a sub-path, no headers): Firefox, whose service worker supplies the isolation.
    if (engine === 'firefox') {
      await runSubPath(d, PORT + 5, SHOTS, (r) => {
        results.push({ ...r, browser });
        console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${browser} · ${r.name}: ${r.detail}`);
      });
    }
  } catch (e) {
    if (!results.some((r) => !r.ok && r.browser === (d?.version ?? engine))) results.push({ browser: d?.version ?? engine, name: 'run', ok: false, detail: String(e) });
    console.log(`FAIL ${engine}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await d?.close().catch(() => undefined);
    await server.stop();
  }
}

if (engines.includes('firefox') && launches > 0) {
  const server = await startPreview(PORT);
  try {
    const r = await repeatedLaunches(launchFirefox, server.url, launches, (line) => console.log(line));
    results.push({ browser: r.version, name: `${launches} fresh launches reach a model`, ok: r.ok, detail: r.detail });
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.version} · ${launches} fresh launches: ${r.detail}`);
  } finally {
    await server.stop();
  }
}

const table = ['| engine | backend (badge) | threads | autosave | resume | offline | WebM | images/s slim b128 wasm |', '|---|---|---|---|---|---|---|---|'];
for (const f of facts) table.push(`| ${f.version} | ${f.badge} | ${f.threads} | ${f.autosave} | ${f.resume} | ${f.offline} | ${f.webm} | ${f.imagesPerSec ?? '–'} |`);
console.log(`\n${table.join('\n')}\n`);
mkdirSync(SHOTS, { recursive: true });
writeFileSync(`${SHOTS}/results.json`, JSON.stringify({ at: new Date().toISOString(), facts, results }, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
