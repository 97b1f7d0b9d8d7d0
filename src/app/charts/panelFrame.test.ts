import { describe, expect, it } from 'vitest';
import { centerLayout, pointCover } from './centerLayout';
import { insetRect, insetZoom, niceLength, padDomain, panelStyle, shrunkStyle } from './panelFrame';
import { DEFAULT_SCATTER_STYLE, extent, PRESENTATION_SCATTER_STYLE } from './scatterDraw';

const view = { left: 0, top: 0, width: 400, height: 400 };
const identity = { x: (v: number) => v, y: (v: number) => v };

/** Ten classes, 20 points each, within `radius` px of their center on a ring of centers. */
function clusters(radius: number) {
  const labels = new Uint8Array(200);
  const xy = new Float32Array(400);
  const centers = new Float32Array(20);
  for (let k = 0; k < 10; k++) {
    const cx = 200 + 120 * Math.cos((k * Math.PI) / 5), cy = 200 + 120 * Math.sin((k * Math.PI) / 5);
    centers.set([cx, cy], 2 * k);
    for (let i = 0; i < 20; i++) {
      const a = (i * Math.PI) / 10;
      labels[20 * k + i] = k;
      xy.set([cx + radius * Math.cos(a), cy + radius * Math.sin(a)], 2 * (20 * k + i));
    }
  }
  return { cols: { xy, labels, isolated: null, heldOut: null }, centers };
}

describe('center marks never hide their cluster', () => {
  it('keeps the disc on a spread cluster', () => {
    const { cols, centers } = clusters(40);
    const marks = centerLayout(cols, centers, identity, view, DEFAULT_SCATTER_STYLE);
    expect(marks.map((m) => m.kind)).toEqual(Array(10).fill('disc'));
    expect(pointCover(cols, identity, view, marks).hidden).toBe(0);
  });

  it('calls a tight cluster’s center out beside it: a disc there would cover every point', () => {
    const { cols, centers } = clusters(6);
    const marks = centerLayout(cols, centers, identity, view, DEFAULT_SCATTER_STYLE);
    expect(marks.every((m) => m.kind === 'callout')).toBe(true);
    expect(pointCover(cols, identity, view, marks).hidden).toBeLessThan(0.1);
    for (const m of marks) {
      expect(m.badge.x - m.badge.r).toBeGreaterThanOrEqual(view.left);
      expect(m.badge.x + m.badge.r).toBeLessThanOrEqual(view.left + view.width);
    }
  });

  it('calls out stacked centers (early training), so their discs do not pile over the points', () => {
    const { cols, centers } = clusters(60);
    for (let k = 0; k < 10; k++) centers.set([200 + k, 200], 2 * k);
    const marks = centerLayout(cols, centers, identity, view, DEFAULT_SCATTER_STYLE);
    expect(marks.every((m) => m.kind === 'callout')).toBe(true);
  });

  it('measures the points’ extent in px', () => {
    const { cols } = clusters(6);
    const { extent } = pointCover(cols, identity, view, []);
    expect(extent[0]).toBeGreaterThan(240);
    expect(extent[1]).toBeGreaterThan(200);
  });
});

describe('panel framing', () => {
  it('sizes discs and labels to the panel, within the style', () => {
    expect(panelStyle(PRESENTATION_SCATTER_STYLE, 800, 700)).toMatchObject({ centerRadius: 20, labelPx: 24 });
    const small = panelStyle(PRESENTATION_SCATTER_STYLE, 240, 200);
    expect(small.centerRadius).toBe(9);
    expect(small.labelPx).toBe(11);
  });

  it('fits the clusters, not a far stray: the fitted domain trims lone outliers but keeps every ordinary point', () => {
    const xy = new Float32Array(402);
    for (let i = 0; i < 200; i++) xy.set([Math.cos(i) * (i % 10), Math.sin(i) * (i % 10)], 2 * i);
    const all = extent(xy.subarray(0, 400), null);
    expect(all[0][1]).toBeGreaterThanOrEqual(9);
    xy.set([1000, 0], 400);
    const trimmed = extent(xy, null);
    expect(trimmed[0][1]).toBeLessThan(20);
  });

  it('pads a domain so pad px stay free at each edge', () => {
    const [[x0, x1]] = padDomain([[0, 10], [0, 10]], 120, 120, 10);
    // 10 units over 100 px: 1 unit is 10 px.
    expect(x0).toBeCloseTo(-1);
    expect(x1).toBeCloseTo(11);
  });

  it('rounds scale bars to 1, 2 or 5 × 10^n', () => {
    expect(niceLength(3.7)).toBe(2);
    expect(niceLength(0.07)).toBeCloseTo(0.05);
    expect(niceLength(120)).toBe(100);
  });

  it('gives a run far smaller than the shared domain an inset in the corner', () => {
    expect(insetZoom([[-1, 1], [-1, 1]], [[-20, 20], [-20, 20]])).toBe(20);
    expect(insetZoom([[-10, 10], [-10, 10]], [[-20, 20], [-20, 20]])).toBeNull();
    // Its centers in the main plot shrink with it, to unlabelled dots.
    expect(shrunkStyle(DEFAULT_SCATTER_STYLE, 15).centerRadius).toBe(3);
    expect(shrunkStyle(DEFAULT_SCATTER_STYLE, 2).centerRadius).toBe(12);
    const r = insetRect(view);
    expect(r.left + r.width).toBeLessThanOrEqual(400);
    expect(r.width).toBe(180);
  });
});
