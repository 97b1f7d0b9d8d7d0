/** The runs a configuration trains in lockstep: shared by the worker (which builds them) and the page (which lays them out before the worker answers). */
import { runOverrides, type Hyper, type RunConfig, type RunOverride } from '../ml/config';
import { LOSSES } from '../ml/losses/registry';
import type { RunId, RunInfo } from './protocol';

export const runId = (index: number): RunId => `run${index}`;

/** Each run's settings are the shared ones plus its overrides; λ stays the run's own unless it follows the λ control. */
export function hyperFor(run: Pick<RunInfo, 'followsLambda' | 'lambda'> & { overrides?: RunOverride }, hyper: Hyper): Hyper {
  const h = { ...hyper, ...run.overrides } as Hyper;
  return run.followsLambda ? { ...h, lambda: hyper.lambda } : { ...h, lambda: run.lambda };
}

/** Softmax alone: the softmax head, or center loss at λ = 0 (the twin of an old compare link). */
export const isSoftmaxRun = (r: Pick<RunInfo, 'loss' | 'lambda'>): boolean => r.loss === 'softmax' || (r.loss === 'center' && r.lambda === 0);

/** A run's title, the one the page and the CLI show: what sets it apart, in its loss's words (the registry's). */
export const runTitle = (hyper: Hyper): string => LOSSES[hyper.loss].describe(hyper);

/** Each run, in drawing order: its loss, its overrides, its λ and whether that follows the λ control, and its title. */
export function runInfos(config: RunConfig): RunInfo[] {
  return runOverrides(config).map((overrides, k) => {
    const h = hyperFor({ followsLambda: overrides.lambda === undefined, lambda: overrides.lambda ?? config.hyper.lambda, overrides }, config.hyper);
    // λ weighs center loss alone: a head without centers trains at λ 0, whatever the control says.
    const centered = LOSSES[h.loss].usesCenters;
    return { id: runId(k), loss: h.loss, overrides, lambda: centered ? h.lambda : 0, followsLambda: centered && overrides.lambda === undefined, title: runTitle(h) };
  });
}
