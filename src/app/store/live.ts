/** The live scatter's data: a sliding window of the training digits' features as the training steps computed them, outside React. */
import type { Snapshot } from './snapshot';

/** Training digits drawn per panel: about as many as the test view, a few seconds of training on a CPU. */
export const LIVE_WINDOW = 1000;

/** About three seconds of center positions at the live rate. */
export const LIVE_TRAIL = 24;

export interface LiveWindow {
  /** Batches, oldest first, together at most LIVE_WINDOW points past the newest batch. */
  batches: Array<{ features: Float32Array; labels: Uint8Array }>;
  points: number;
  /** Values per feature. */
  dim: number;
  /** The newest training step the window shows, and the centers after it. */
  step: number;
  centers: Float32Array | null;
  previousCenters: Float32Array | null;
  /** Recent centers, oldest first, for the trails; the last is `centers`. */
  trail: Float32Array[];
  /** The window as one snapshot, made on demand. */
  joined: (Snapshot & { labels: Uint8Array }) | null;
}

export function createLiveWindow(): LiveWindow {
  return { batches: [], points: 0, dim: 2, step: -1, centers: null, previousCenters: null, trail: [], joined: null };
}

export function clearLive(w: LiveWindow): void {
  Object.assign(w, createLiveWindow());
}

/** Adds the newest training features; a step that goes back is another model, so the window starts over. */
export function pushLive(w: LiveWindow, step: number, features: Float32Array, labels: Uint8Array, centers: Float32Array, capacity = LIVE_WINDOW): void {
  if (step < w.step) clearLive(w);
  const dim = labels.length ? features.length / labels.length : 2;
  // Only the newest `capacity` points of a large report matter.
  const skip = Math.max(0, labels.length - capacity);
  w.batches.push({ features: features.subarray(skip * dim), labels: labels.subarray(skip) });
  w.points += labels.length - skip;
  w.dim = dim;
  while (w.batches.length > 1 && w.points - w.batches[0]!.labels.length >= capacity) w.points -= w.batches.shift()!.labels.length;
  w.previousCenters = w.centers;
  w.centers = centers;
  w.trail.push(centers);
  if (w.trail.length > LIVE_TRAIL) w.trail.shift();
  w.step = step;
  w.joined = null;
}

/** The window as a snapshot the scatter draws: every point's feature and label, the centers; null before the first batch. */
export function liveSnapshot(w: LiveWindow): (Snapshot & { labels: Uint8Array }) | null {
  if (!w.centers || w.points === 0) return null;
  if (w.joined) return w.joined;
  const dim = w.dim;
  const features = new Float32Array(w.points * dim);
  const labels = new Uint8Array(w.points);
  let at = 0;
  for (const b of w.batches) {
    features.set(b.features, at * dim);
    labels.set(b.labels, at);
    at += b.labels.length;
  }
  w.joined = { step: w.step, features, labels, predictions: labels, centers: w.centers };
  return w.joined;
}
