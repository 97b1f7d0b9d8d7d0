/** The runs a configuration trains in lockstep: shared by the worker (which builds them) and the page (which lays them out before the worker answers). */
import { followsLambda, runLambdas, type RunConfig } from '../ml/config';
import type { RunId, RunInfo } from './protocol';

export const runId = (index: number): RunId => `run${index}`;

/** λ and whether it follows the λ control, for each run, in drawing order. */
export function runInfos(config: RunConfig): RunInfo[] {
  const lambdas = runLambdas(config);
  return lambdas.map((lambda, k) => ({ id: runId(k), lambda, followsLambda: followsLambda(config, k, lambdas.length) }));
}
