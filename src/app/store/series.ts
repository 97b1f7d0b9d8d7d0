/** Fast time series kept outside React: fixed-size ring buffers the charts read in requestAnimationFrame. */

export class Ring {
  private readonly buf: Float64Array;
  private start = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length < this.capacity) {
      this.buf[(this.start + this.length) % this.capacity] = v;
      this.length++;
    } else {
      this.buf[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  at(i: number): number {
    return this.buf[(this.start + i) % this.capacity]!;
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
  }

  toArray(): number[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

/** Named columns that grow together, one row per report. */
export class Columns<K extends string> {
  readonly cols: Record<K, Ring>;
  version = 0;

  constructor(
    readonly keys: readonly K[],
    capacity: number,
  ) {
    this.cols = Object.fromEntries(keys.map((k) => [k, new Ring(capacity)])) as Record<K, Ring>;
  }

  get length(): number {
    return this.cols[this.keys[0]!].length;
  }

  push(row: Record<K, number>): void {
    for (const k of this.keys) this.cols[k].push(row[k]);
    this.version++;
  }

  clear(): void {
    for (const k of this.keys) this.cols[k].clear();
    this.version++;
  }
}

export const LOSS_KEYS = ['step', 'lambda', 'ce', 'weightedCenter', 'total', 'trainAcc'] as const;
export type LossKey = (typeof LOSS_KEYS)[number];
export const EVAL_KEYS = ['step', 'testAcc', 'nearestAcc', 'elongation', 'withinBetween'] as const;
/** Eval columns an older autosave may lack (read back as NaN). */
export type LaterEvalKey = 'elongation' | 'withinBetween';
export const LATER_EVAL_KEYS: ReadonlySet<EvalKey> = new Set<LaterEvalKey>(['elongation', 'withinBetween']);
export type EvalKey = (typeof EVAL_KEYS)[number];

export interface Series {
  loss: Columns<LossKey>;
  evals: Columns<EvalKey>;
}

export function createSeries(capacity = 5000): Series {
  return { loss: new Columns(LOSS_KEYS, capacity), evals: new Columns(EVAL_KEYS, capacity) };
}

export function clearSeries(s: Series): void {
  s.loss.clear();
  s.evals.clear();
}

/** A hyper-parameter change, drawn on the charts as a dashed line. */
export interface HyperMarker {
  step: number;
  /** Which settings changed, e.g. "lambda" or "alpha,lr": a gesture on the same settings coalesces. */
  keys: string;
  label: string;
  /** performance.now() of the latest change it holds. */
  at: number;
}

/** The session's markers, shared by every run's charts. */
export interface MarkerList {
  items: HyperMarker[];
  version: number;
}

/** Changes to the same settings less than this apart are one gesture (a slider drag, arrow keys held). */
export const GESTURE_MS = 1500;

export const createMarkers = (): MarkerList => ({ items: [], version: 0 });

/** Adds a marker, or folds it into the last one when it continues the same gesture: one marker, the final value. */
export function pushMarker(list: MarkerList, m: HyperMarker): void {
  const last = list.items[list.items.length - 1];
  if (last && last.keys === m.keys && m.at - last.at < GESTURE_MS) list.items[list.items.length - 1] = { ...last, label: m.label, at: m.at };
  else list.items.push(m);
  list.version++;
}

export function clearMarkers(list: MarkerList): void {
  list.items.length = 0;
  list.version++;
}
