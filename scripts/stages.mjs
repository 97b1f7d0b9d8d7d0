#!/usr/bin/env node
/**
 * Runs npm scripts one after another, stops at the first failure, and ends with each stage's time (also after a failure):
 * `npm test` and `.ci/run` use it. node scripts/stages.mjs typecheck+lint build test:unit …
 * A stage of scripts joined by "+" runs them at once (each is one process on one core); each one's output is printed
 * whole when it ends, so the logs do not interleave.
 */
import { spawn } from 'node:child_process';

const stages = process.argv.slice(2);
const times = [];
let failed = null;
const t0 = performance.now();

/** Runs one npm script; with `buffered`, its output is kept and returned instead of streamed. */
function runScript(name, buffered) {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const out = [];
    if (buffered) {
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => out.push(d));
    }
    child.on('close', (code, signal) => resolve({ name, code, signal, seconds: (performance.now() - start) / 1000, output: Buffer.concat(out) }));
  });
}

for (const stage of stages) {
  const names = stage.split('+');
  console.log(`\n== stage ${names.join(' + ')} ==`);
  const start = performance.now();
  const results = await Promise.all(
    names.map((name) =>
      runScript(name, names.length > 1).then((r) => {
        if (names.length > 1) {
          console.log(`-- ${name} (${r.seconds.toFixed(0)} s) --`);
          process.stdout.write(r.output);
        }
        return r;
      }),
    ),
  );
  for (const r of results) {
    const together = names.length > 1 ? ` (together with ${names.filter((n) => n !== r.name).join(', ')})` : '';
    times.push([r.name, r.seconds, r.code === 0 ? `ok${together}` : `failed (${r.code ?? r.signal})${together}`]);
  }
  if (names.length > 1) times.push(['  (at once)', (performance.now() - start) / 1000, `wall time of ${names.join(' + ')}`]);
  const bad = results.find((r) => r.code !== 0);
  if (bad) {
    failed = bad.code ?? 1;
    break;
  }
}
const fmt = (s) => `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, ' ')} s`;
console.log('\nstage times:');
for (const [name, s, how] of times) console.log(`  ${name.padEnd(16)} ${fmt(s).padStart(12)}  ${how}`);
const ran = new Set(times.map(([name]) => name));
for (const name of stages.flatMap((s) => s.split('+')).filter((n) => !ran.has(n))) console.log(`  ${name.padEnd(16)} ${'–'.padStart(12)}  not run`);
console.log(`  ${'total'.padEnd(16)} ${fmt((performance.now() - t0) / 1000).padStart(12)}`);
process.exit(failed ?? 0);
