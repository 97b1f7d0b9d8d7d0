import { describe, expect, it } from 'vitest';
import { createLiveWindow, liveSnapshot, pushLive } from './live';

const batch = (n: number, label: number, x: number) => ({ features: Float32Array.from({ length: 2 * n }, (_, i) => x + i), labels: new Uint8Array(n).fill(label) });
const centers = (v: number) => new Float32Array(20).fill(v);

describe('the live window of training features', () => {
  it('keeps the newest batches up to its capacity, in order, with their labels and the newest centers', () => {
    const w = createLiveWindow();
    expect(liveSnapshot(w)).toBeNull();
    for (let s = 1; s <= 5; s++) {
      const b = batch(4, s, s * 100);
      pushLive(w, s, b.features, b.labels, centers(s), 10);
    }
    const snap = liveSnapshot(w)!;
    // 10 points fit: the batches of steps 3 (dropped only when the rest still fill the window), 4 and 5.
    expect(Array.from(snap.labels)).toEqual([3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5]);
    expect(snap.features[0]).toBe(300);
    expect(snap.step).toBe(5);
    expect(snap.centers[0]).toBe(5);
    expect(w.previousCenters![0]).toBe(4);
    expect(w.trail.map((c) => c[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps only the newest points of a report larger than the window', () => {
    const w = createLiveWindow();
    const b = batch(30, 7, 0);
    pushLive(w, 9, b.features, b.labels, centers(0), 10);
    const snap = liveSnapshot(w)!;
    expect(snap.labels.length).toBe(10);
    expect(snap.features[0]).toBe(40);
  });

  it('starts over when the step goes back (a new model)', () => {
    const w = createLiveWindow();
    const a = batch(4, 1, 0);
    pushLive(w, 50, a.features, a.labels, centers(1), 10);
    const b = batch(2, 2, 0);
    pushLive(w, 1, b.features, b.labels, centers(2), 10);
    expect(Array.from(liveSnapshot(w)!.labels)).toEqual([2, 2]);
    expect(w.previousCenters).toBeNull();
  });
});
