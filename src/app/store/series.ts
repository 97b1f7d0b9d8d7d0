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

export const LOSS_KEYS = ['step', 'ce', 'weightedCenter', 'total', 'trainAcc'] as const;
export type LossKey = (typeof LOSS_KEYS)[number];
export const EVAL_KEYS = ['step', 'testAcc', 'nearestAcc'] as const;
export type EvalKey = (typeof EVAL_KEYS)[number];

export interface HyperMarker {
  step: number;
  label: string;
}

export interface Series {
  loss: Columns<LossKey>;
  evals: Columns<EvalKey>;
  markers: HyperMarker[];
}

export function createSeries(capacity = 5000): Series {
  return { loss: new Columns(LOSS_KEYS, capacity), evals: new Columns(EVAL_KEYS, capacity), markers: [] };
}

export function clearSeries(s: Series): void {
  s.loss.clear();
  s.evals.clear();
  s.markers.length = 0;
}
