/** When a running session embeds the eval digits again: at most twice a second, and in under a tenth of the worker's time. */

const MIN_INTERVAL_MS = 500;
/** An embed taking t ms is followed by at least 9t ms of training: embedding stays under 10% of the time. */
const TIME_SHARE_INVERSE = 9;

export class EmbedPace {
  private at = -Infinity;
  private ms = 0;
  /** The step the last embed showed; -1 before the first. */
  step = -1;

  constructor(private readonly now: () => number) {}

  /** Whether the next embed is due: on a CPU an embed of the eval subset costs several training steps. */
  get due(): boolean {
    return this.now() - this.at >= Math.max(MIN_INTERVAL_MS, TIME_SHARE_INVERSE * this.ms);
  }

  /** An embed begun at t0 has just shown `step`. */
  done(t0: number, step: number): void {
    this.at = this.now();
    this.step = step;
    this.ms = this.at - t0;
  }
}
