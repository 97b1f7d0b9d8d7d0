#!/usr/bin/env node
/**
 * Runs npm scripts one after another, stops at the first failure, and ends with each stage's time (also after a failure):
 * `npm test` and `.ci/run` use it. node scripts/stages.mjs typecheck lint build test:unit …
 */
import { spawnSync } from 'node:child_process';

const stages = process.argv.slice(2);
const times = [];
let failed = null;
const t0 = performance.now();
for (const name of stages) {
  const start = performance.now();
  console.log(`\n== stage ${name} ==`);
  const r = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  times.push([name, (performance.now() - start) / 1000, r.status === 0 ? 'ok' : `failed (${r.status ?? r.signal})`]);
  if (r.status !== 0) {
    failed = r.status ?? 1;
    break;
  }
}
const fmt = (s) => `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, ' ')} s`;
console.log('\nstage times:');
for (const [name, s, how] of times) console.log(`  ${name.padEnd(16)} ${fmt(s).padStart(12)}  ${how}`);
for (const name of stages.slice(times.length)) console.log(`  ${name.padEnd(16)} ${'–'.padStart(12)}  not run`);
console.log(`  ${'total'.padEnd(16)} ${fmt((performance.now() - t0) / 1000).padStart(12)}`);
process.exit(failed ?? 0);
