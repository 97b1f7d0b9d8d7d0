/** How many test digits each run embeds for the scatter when the setting is "auto": a scatter concern, so it lives here, not in src/ml. */
import type { BackendDecision } from '../ml/backend';

/** Digits per run with one or two runs; more runs share twice that, so the page draws and the worker embeds about as much as with two. */
function perRunBase(decision: BackendDecision): number {
  if (decision.realGpu) return 10000;
  // The live view draws the training digits; the test digits are for the metrics, embedded every few seconds at a tenth of the time.
  if (decision.backend === 'wasm') return 500;
  if (decision.backend === 'cpu') return 300;
  return 200; // a GPU backend on a software rasteriser
}

export function defaultEvalSize(decision: BackendDecision, runs: number): number {
  const base = perRunBase(decision);
  if (runs <= 2) return base;
  return Math.max(100, Math.floor((2 * base) / runs / 100) * 100);
}
