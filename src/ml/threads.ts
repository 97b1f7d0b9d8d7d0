/**
 * wasm threads for a machine: every logical core when there are 1 or 2, half of them above that
 * (hyper-threaded laptops; the page's own thread needs a core too), at most 8 (tfjs's pthread pool).
 * No imports: the worker, the app's tests and the e2e specs share this one rule.
 */
export function wasmThreadsFor(logicalCores: number): number {
  const n = Math.max(1, Math.floor(logicalCores) || 1);
  return Math.min(8, n <= 2 ? n : Math.ceil(n / 2));
}

/** wasm threads for each of `runs` workers training side by side: the machine's share split between them, at least one each. */
export function wasmThreadsPerRun(logicalCores: number, runs: number): number {
  return Math.max(1, Math.floor(wasmThreadsFor(logicalCores) / Math.max(1, Math.floor(runs) || 1)));
}

/** The global a worker sets to the number of pthread workers its wasm module spawns up front (vite/wasmThreadsPlugin.ts): a stepper, as many as its threads. */
export const WASM_POOL_OVERRIDE = 'centerLossLabWasmPool';
