/** The latest embedding snapshot and the one before it, outside React, for the scatter to interpolate. */

export interface EvalSet {
  indices: Uint32Array;
  labels: Uint8Array;
  /** n × 784 raw pixels, for the hover preview. */
  pixels: Uint8Array;
}

export interface Snapshot {
  step: number;
  features: Float32Array;
  predictions: Uint8Array;
  centers: Float32Array;
  /** performance.now() when it arrived. */
  at: number;
}

export interface EmbeddingState {
  evalSet: EvalSet | null;
  previous: Snapshot | null;
  current: Snapshot | null;
  /** Recent center positions, oldest first, for the trails. */
  trail: Float32Array[];
  version: number;
}

export const TRAIL_LENGTH = 40;

export function createEmbeddingState(): EmbeddingState {
  return { evalSet: null, previous: null, current: null, trail: [], version: 0 };
}

export function setEvalSet(s: EmbeddingState, evalSet: EvalSet): void {
  s.evalSet = evalSet;
  s.previous = null;
  s.current = null;
  s.trail = [];
  s.version++;
}

export function pushSnapshot(s: EmbeddingState, snap: Snapshot): void {
  if (s.evalSet && snap.features.length !== s.evalSet.labels.length * 2) return;
  s.previous = s.current;
  s.current = snap;
  s.trail.push(snap.centers);
  if (s.trail.length > TRAIL_LENGTH) s.trail.shift();
  s.version++;
}
