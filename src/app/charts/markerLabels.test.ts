import { describe, expect, it } from 'vitest';
import { layoutMarkerLabels } from './markerLabels';

const measure = (t: string) => 7 * t.length;
const plot = { left: 40, right: 400, top: 8 };
const overlaps = (a: { x0: number; x1: number; y0: number; y1: number }, b: typeof a) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe('layoutMarkerLabels', () => {
  it('puts a label near the right edge to the left of its line, whole', () => {
    const { placed } = layoutMarkerLabels([{ px: 398, label: 'λ = 9.3e-3' }], measure, plot, 14, 4);
    expect(placed).toHaveLength(1);
    expect(placed[0]!.x1).toBeLessThanOrEqual(plot.right);
    expect(placed[0]!.x1).toBeLessThanOrEqual(398);
    expect(placed[0]!.x0).toBeGreaterThanOrEqual(plot.left);
  });

  it('staggers labels of markers close together, none over another, all inside the plot', () => {
    const ms = [100, 104, 108, 112, 380, 390].map((px, i) => ({ px, label: i % 2 ? `α = 0.${i}` : `lr = 0.0${i}` }));
    const { placed, overflow } = layoutMarkerLabels(ms, measure, plot, 14, 4);
    expect(placed.length + overflow.length).toBe(6);
    for (const p of placed) {
      expect(p.x0).toBeGreaterThanOrEqual(plot.left);
      expect(p.x1).toBeLessThanOrEqual(plot.right);
    }
    for (let i = 0; i < placed.length; i++) for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i]!, placed[j]!)).toBe(false);
    expect(new Set(placed.map((p) => p.y0)).size).toBeGreaterThan(1);
  });

  it('moves what does not fit in the rows to the overflow list instead of drawing it over another', () => {
    const ms = Array.from({ length: 6 }, (_, i) => ({ px: 200 + i, label: `λ = ${i}` }));
    const { placed, overflow } = layoutMarkerLabels(ms, measure, plot, 14, 2);
    expect(placed).toHaveLength(2);
    expect(overflow).toEqual(['λ = 2', 'λ = 3', 'λ = 4', 'λ = 5']);
  });
});
