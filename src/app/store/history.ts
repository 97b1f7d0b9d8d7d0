/** A bounded history of embedding snapshots for the replay: the whole training at a resolution that halves as it grows. */
import type { Snapshot } from './snapshot';

/** Per run: at most 160 × (9n + 80) bytes, 14.4 MB at n = 10,000 digits (a GPU's eval set), 1.4 MB at wasm's 1,000. */
export const HISTORY_MAX = 160;

export interface History {
  /** Oldest first: snapshots at least `gap` steps apart, then the newest. */
  snaps: Snapshot[];
  /** Steps between kept snapshots: 0 until the history first fills, then doubled at each thinning. */
  gap: number;
}

export const createHistory = (): History => ({ snaps: [], gap: 0 });

/** Appends; the newest is always last. When full, every second older one goes, so the rest stay evenly spread over all of training. */
export function pushHistory(h: History, snap: Snapshot, max = HISTORY_MAX): void {
  const s = h.snaps;
  const last = s[s.length - 1];
  const beforeLast = s[s.length - 2];
  // The same step again (a pause re-embeds), or the newest too close to the one kept before it: the new one takes its place.
  if (last && (last.step === snap.step || (beforeLast && last.step - beforeLast.step < h.gap))) s[s.length - 1] = snap;
  else s.push(snap);
  if (s.length <= max) return;
  const kept = s.filter((_, i) => i % 2 === 0 || i === s.length - 1);
  let gap = Infinity;
  for (let i = 1; i < kept.length - 1; i++) gap = Math.min(gap, kept[i]!.step - kept[i - 1]!.step);
  h.gap = Number.isFinite(gap) ? gap : 0;
  h.snaps = kept;
}

/** The last snapshot at or before the step (the first one when the step is earlier than all). */
export function snapshotAt(history: readonly Snapshot[], step: number): Snapshot | null {
  if (!history.length) return null;
  let lo = 0, hi = history.length - 1;
  if (step < history[0]!.step) return history[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (history[mid]!.step <= step) lo = mid;
    else hi = mid - 1;
  }
  return history[lo]!;
}

/** The index of snapshotAt's answer, for a slider over the snapshots. */
export function indexAt(history: readonly Snapshot[], step: number): number {
  const s = snapshotAt(history, step);
  return s ? history.indexOf(s) : -1;
}

/** The centers of the snapshots up to index i, the last `length` of them, for the replayed trail. */
export function trailAt(history: readonly Snapshot[], i: number, length: number): Float32Array[] {
  return history.slice(Math.max(0, i - length + 1), i + 1).map((s) => s.centers);
}
