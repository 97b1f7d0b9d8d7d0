/** One embedding snapshot of a run, as the page keeps it: shared by the live state (embedding.ts) and its history (history.ts). */
export interface Snapshot {
  step: number;
  features: Float32Array;
  predictions: Uint8Array;
  centers: Float32Array;
  /** fc2's weight rows, k × dim (the class directions the angular view draws as rays); absent: not sent. */
  classWeights?: Float32Array;
}
