/** One embedding snapshot of a run, as the page keeps it: shared by the live state (embedding.ts) and its history (history.ts). */
export interface Snapshot {
  step: number;
  features: Float32Array;
  predictions: Uint8Array;
  centers: Float32Array;
  /** performance.now() when it arrived. */
  at: number;
}
