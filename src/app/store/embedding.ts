/** The latest embedding snapshot and the one before it, outside React, for the scatter to interpolate; and the history for the replay. */
import { createHistory, pushHistory, type History } from './history';
import { clearLive, createLiveWindow, type LiveWindow } from './live';
import type { Snapshot } from './snapshot';

export interface EvalSet {
  indices: Uint32Array;
  labels: Uint8Array;
  /** n × 784 raw pixels, for the hover preview. */
  pixels: Uint8Array;
}

export type { Snapshot } from './snapshot';

export interface EmbeddingState {
  evalSet: EvalSet | null;
  previous: Snapshot | null;
  current: Snapshot | null;
  /** Recent center positions, oldest first, for the trails; the last is `current`'s. */
  trail: Float32Array[];
  /** Bounded, oldest first (history.ts); the last is `current`. */
  history: History;
  /** The training digits' features as the steps computed them: the live view. */
  live: LiveWindow;
  /** Values per feature of the model shown (2 or 3): every snapshot holds n × dim features and k × dim centers. */
  dim: number;
  version: number;
}

/** About five seconds of snapshots (two a second): a tail of recent movement, not the whole path from the random start. */
export const TRAIL_LENGTH = 10;

export function createEmbeddingState(): EmbeddingState {
  return { evalSet: null, previous: null, current: null, trail: [], history: createHistory(), live: createLiveWindow(), dim: 2, version: 0 };
}

/** A new model's eval digits and feature dimension: the old model's snapshots go. */
export function setEvalSet(s: EmbeddingState, evalSet: EvalSet, dim: number = s.dim): void {
  s.evalSet = evalSet;
  s.dim = dim;
  s.previous = null;
  s.current = null;
  s.trail = [];
  s.history = createHistory();
  clearLive(s.live);
  s.version++;
}

export function pushSnapshot(s: EmbeddingState, snap: Snapshot): void {
  if (s.evalSet && (snap.features.length !== s.evalSet.labels.length * s.dim || snap.centers.length % s.dim !== 0)) return;
  // A step that goes back is another model (a reset, a load): neither tween nor trail from the old one.
  if (s.current && snap.step < s.current.step) {
    s.current = null;
    s.trail = [];
    s.history = createHistory();
  }
  s.previous = s.current;
  s.current = snap;
  s.trail.push(snap.centers);
  if (s.trail.length > TRAIL_LENGTH) s.trail.shift();
  pushHistory(s.history, snap);
  s.version++;
}
