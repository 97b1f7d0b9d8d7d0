import { describe, expect, it } from 'vitest';
import { createEmbeddingState, pushSnapshot, setEvalSet, type Snapshot } from './embedding';
import { createHistory, HISTORY_MAX, indexAt, pushHistory, snapshotAt, trailAt } from './history';

const snap = (step: number): Snapshot => ({ step, features: new Float32Array([step, step]), predictions: new Uint8Array(1), centers: new Float32Array([step, -step]) });

describe('replay history', () => {
  it('stays bounded and spread over the whole training, the newest always kept', () => {
    const hist = createHistory();
    for (let s = 1; s <= 1000; s++) pushHistory(hist, snap(s * 10));
    const h = hist.snaps;
    expect(h.length).toBeLessThanOrEqual(HISTORY_MAX);
    expect(h.length).toBeGreaterThan(HISTORY_MAX / 2);
    expect(h[0]!.step).toBe(10);
    expect(h.at(-1)!.step).toBe(10000);
    const gaps = h.slice(1).map((x, i) => x.step - h[i]!.step);
    // Even spacing except near the newest end, which is at most as coarse as the rest.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.min(...gaps.slice(0, -1)));
  });

  it('replays the snapshot of a past step: the last one at or before it', () => {
    const h = [snap(0), snap(40), snap(80), snap(120)];
    expect(snapshotAt(h, 80)!.step).toBe(80);
    expect(snapshotAt(h, 119)!.features[0]).toBe(80);
    expect(snapshotAt(h, -5)!.step).toBe(0);
    expect(snapshotAt(h, 1e9)!.step).toBe(120);
    expect(snapshotAt([], 3)).toBeNull();
    expect(indexAt(h, 100)).toBe(2);
    expect(trailAt(h, 2, 2).map((c) => c[0])).toEqual([40, 80]);
  });

  it('replaces a snapshot of the same step, and starts afresh with a new model', () => {
    const e = createEmbeddingState();
    setEvalSet(e, { indices: new Uint32Array(1), labels: new Uint8Array(1), pixels: new Uint8Array(784) });
    for (const s of [0, 10, 20, 20]) pushSnapshot(e, snap(s));
    expect(e.history.snaps.map((x) => x.step)).toEqual([0, 10, 20]);
    expect(e.history.snaps.at(-1)).toBe(e.current);
    pushSnapshot(e, snap(5));
    expect(e.history.snaps.map((x) => x.step)).toEqual([5]);
  });
});
