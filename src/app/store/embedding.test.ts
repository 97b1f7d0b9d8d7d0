import { describe, expect, it } from 'vitest';
import { createEmbeddingState, pushSnapshot, setEvalSet, TRAIL_LENGTH, type Snapshot } from './embedding';

const snap = (step: number): Snapshot => ({ step, features: new Float32Array(4), predictions: new Uint8Array(2), centers: new Float32Array([step, -step]) });
const evalSet = { indices: new Uint32Array(2), labels: new Uint8Array(2), pixels: new Uint8Array(2 * 784) };

describe('embedding trail', () => {
  it('keeps only the last TRAIL_LENGTH snapshots of the centers, oldest first', () => {
    const s = createEmbeddingState();
    setEvalSet(s, evalSet);
    for (let i = 1; i <= TRAIL_LENGTH + 7; i++) pushSnapshot(s, snap(i));
    expect(s.trail).toHaveLength(TRAIL_LENGTH);
    expect(s.trail.map((c) => c[0])).toEqual(Array.from({ length: TRAIL_LENGTH }, (_, i) => i + 8));
    expect(s.trail.at(-1)).toBe(s.current!.centers);
    expect(s.previous!.step).toBe(TRAIL_LENGTH + 6);
  });

  it('starts afresh when the step goes back or the eval set changes', () => {
    const s = createEmbeddingState();
    setEvalSet(s, evalSet);
    for (let i = 1; i <= 5; i++) pushSnapshot(s, snap(100 * i));
    pushSnapshot(s, snap(0));
    expect(s.trail).toHaveLength(1);
    expect(s.previous).toBeNull();
    setEvalSet(s, evalSet);
    expect(s.trail).toHaveLength(0);
    expect(s.current).toBeNull();
  });

  it('ignores a snapshot of another eval set size', () => {
    const s = createEmbeddingState();
    setEvalSet(s, evalSet);
    pushSnapshot(s, { ...snap(1), features: new Float32Array(6) });
    expect(s.current).toBeNull();
    expect(s.trail).toHaveLength(0);
  });
});
