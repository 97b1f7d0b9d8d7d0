/** The runs a configuration trains in lockstep: shared by the worker (which builds them) and the page (which lays them out before the worker answers). */
import { followsLambda, runLambdas, type Hyper, type RunConfig } from '../ml/config';
import type { RunId, RunInfo } from './protocol';

export const runId = (index: number): RunId => `run${index}`;

/** λ and whether it follows the λ control, for each run, in drawing order. */
export function runInfos(config: RunConfig): RunInfo[] {
  const lambdas = runLambdas(config);
  return lambdas.map((lambda, k) => ({ id: runId(k), lambda, followsLambda: followsLambda(config, k, lambdas.length) }));
}

/** Every run shares the hyper-parameters but λ, which is its own unless it follows the λ control. */
export const hyperFor = (run: RunInfo, hyper: Hyper): Hyper => (run.followsLambda ? hyper : { ...hyper, lambda: run.lambda });
