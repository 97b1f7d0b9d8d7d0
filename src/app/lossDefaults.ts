/** A loss that cannot train with a 2-D feature defaults to 3-D: applied where a loss is chosen (a link without featDim, the loss controls), never to an explicit 2-D choice. */
import { runOverrides, type RunConfig } from '../ml/config';
import { LOSS_KINDS, LOSSES, type LossHead, type LossKind } from '../ml/losses/registry';

/** The losses a config trains, in run order. */
export const lossesOf = (c: RunConfig): LossKind[] => runOverrides(c).map((o) => o.loss ?? c.hyper.loss);

type Heads = Readonly<Record<LossKind, Pick<LossHead, 'label' | 'trainsIn2D'>>>;

/** The labels of the config's losses that do not train in 2-D ("ArcFace"), once each. */
export const untrainableIn2D = (c: RunConfig, heads: Heads = LOSSES): string[] => [...new Set(lossesOf(c).filter((k) => !heads[k].trainsIn2D).map((k) => heads[k].label))];

/** 3-D where one of its losses needs it and the config is 2-D; else the config as it is. */
export function withLossDefaults(c: RunConfig, heads: Heads = LOSSES): RunConfig {
  return c.featDim === 2 && untrainableIn2D(c, heads).length > 0 ? { ...c, featDim: 3 } : c;
}

/** The config with these losses as its runs, in the registry's order (compare and sweep give way); none: back to the shared settings' runs. */
export function withLossRuns(config: RunConfig, kinds: readonly LossKind[]): RunConfig {
  const ordered = LOSS_KINDS.filter((k) => kinds.includes(k));
  return ordered.length ? withLossDefaults({ ...config, compare: false, sweep: null, runs: ordered.map((loss) => ({ loss })) }) : { ...config, runs: null };
}
