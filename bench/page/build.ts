/** Builds the page instrumentation (typed modules in this folder) into scripts for addInitScript and worker.evaluate. */
import { build } from 'esbuild';
import { join } from 'node:path';

const here = import.meta.dirname;

async function bundle(entry: string, globalName?: string): Promise<string> {
  // keepNames off: tsx's __name helper does not exist in the page.
  const r = await build({ entryPoints: [join(here, entry)], bundle: true, format: 'iife', globalName, write: false, target: 'es2022', keepNames: false, minify: false, logLevel: 'silent' });
  return r.outputFiles[0]!.text;
}

let cached: Promise<{ init: string; worker: string }> | null = null;

/** init: the recorder; worker: an expression whose value is the worker's resource entries. */
export function pageScripts(): Promise<{ init: string; worker: string }> {
  cached ??= Promise.all([bundle('recorder.ts'), bundle('worker.ts', '__benchWorker')]).then(([init, worker]) => ({ init, worker: `${worker}\n__benchWorker.entries` }));
  return cached;
}
