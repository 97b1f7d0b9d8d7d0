/** The worker sends codes and numbers; these are the sentences the page shows for them. */
import type { WorkerToUi } from '../workers/protocol';

const upper = (b: string) => (b === 'wasm' ? 'WASM' : b === 'cpu' ? 'CPU' : b === 'webgl' ? 'WebGL' : 'WebGPU');

export function divergedMessage(m: Extract<WorkerToUi, { type: 'diverged' }>, runs: number): string {
  const which = runs > 1 ? ` in the λ = ${m.lambda} run` : '';
  return `The loss became NaN or infinite${which} by step ${m.step} (λ ${m.lambda}, α ${m.hyper.alpha}, lr ${m.hyper.lr}). Training paused; restore the weights of step ${m.lastGoodStep}.`;
}

export function fallbackMessage(m: Extract<WorkerToUi, { type: 'fallback' }>): string {
  const from = m.resumedStep === null ? 'from a fresh model (no copy of the weights had been made yet)' : `from step ${m.resumedStep}, every run`;
  return `The GPU device was lost (${m.reason}). Training continues on ${upper(m.to)} ${from}.`;
}
