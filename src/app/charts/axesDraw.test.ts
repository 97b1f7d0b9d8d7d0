/** The scatter's canvas axes: labelled ticks where the scales put them. */
import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { drawEdgeAxes } from './axesDraw';

/** Records what a 2-D context is asked to draw. */
function recorder() {
  const texts: { text: string; x: number; y: number; align: string }[] = [];
  const segments: [number, number, number, number][] = [];
  let at: [number, number] = [0, 0];
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    save() {},
    restore() {},
    beginPath() {},
    stroke() {},
    moveTo(x: number, y: number) {
      at = [x, y];
    },
    lineTo(x: number, y: number) {
      segments.push([at[0], at[1], x, y]);
      at = [x, y];
    },
    fillText(text: string, x: number, y: number) {
      texts.push({ text, x, y, align: ctx.textAlign });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, segments };
}

const size = { width: 400, height: 300, margin: { left: 44, bottom: 28 } };

describe('drawEdgeAxes', () => {
  it('labels each tick of both scales at its position, below and left of the plot', () => {
    const x = d3.scaleLinear().domain([-2, 2]).range([100, 372]);
    const y = d3.scaleLinear().domain([-1, 3]).range([272, 0]);
    const r = recorder();
    drawEdgeAxes(r.ctx, x, y, size);
    const xs = r.texts.filter((t) => t.align === 'center');
    const ys = r.texts.filter((t) => t.align === 'right');
    expect(xs.map((t) => t.text)).toEqual(x.ticks(6).map(x.tickFormat(6)));
    expect(ys.map((t) => t.text)).toEqual(y.ticks(6).map(y.tickFormat(6)));
    xs.forEach((t, i) => {
      expect(t.x).toBeCloseTo(x(x.ticks(6)[i]!));
      expect(t.y).toBeGreaterThan(size.height - size.margin.bottom);
    });
    ys.forEach((t, i) => {
      expect(t.y).toBeCloseTo(y(y.ticks(6)[i]!));
      expect(t.x).toBeLessThan(size.margin.left);
    });
    // Two domain lines plus one tick mark per label.
    expect(r.segments).toHaveLength(2 + xs.length + ys.length);
  });

  it('gives a narrow axis in large type fewer ticks, so no two labels run together', () => {
    const x = d3.scaleLinear().domain([-1.6, 2.1]).range([60, 260]);
    const y = d3.scaleLinear().domain([-2, 3]).range([272, 0]);
    const r = recorder();
    drawEdgeAxes(r.ctx, x, y, size, 24);
    const xs = r.texts.filter((t) => t.align === 'center').map((t) => t.x);
    expect(xs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(24 * 2.5);
  });
});
