/** The angular view's geometry and its drawing, against a context that records what it is asked to stroke and fill. */
import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { angularGeometry, convexHull, drawAngular, RAY_CASING, UNIT_CIRCLE_INK } from './angularDraw';
import { classColor } from './colors';
import { FITTED_ORBIT, project } from './orbit';

const deg = (d: number) => (d * Math.PI) / 180;

function recorder() {
  const paints: { kind: 'fill' | 'stroke'; style: string; alpha: number; dash: number[]; path: [number, number][] }[] = [];
  let path: [number, number][] = [];
  let dash: number[] = [];
  let clipped = false;
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    save() {},
    restore() {},
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push([x, y]);
    },
    lineTo(x: number, y: number) {
      path.push([x, y]);
    },
    arc(x: number, y: number) {
      path.push([x, y]);
    },
    rect() {},
    closePath() {},
    clip() {
      clipped = true;
    },
    setLineDash(d: number[]) {
      dash = d;
    },
    fill() {
      paints.push({ kind: 'fill', style: ctx.fillStyle, alpha: ctx.globalAlpha, dash, path: [...path] });
    },
    stroke() {
      paints.push({ kind: 'stroke', style: ctx.strokeStyle, alpha: ctx.globalAlpha, dash, path: [...path] });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, paints, clipped: () => clipped };
}

describe('the angular view', () => {
  // Three classes at 0°, 90° and 200°, of very different lengths: only their directions count.
  const weights = Float32Array.from([5, 0, 0, 0.2, 3 * Math.cos(deg(200)), 3 * Math.sin(deg(200))]);

  it('draws a ray from the origin along each class weight direction, to the reach asked for', () => {
    const g = angularGeometry({ weights, dim: 2, margin: null, reach: 1.2, unitCircle: false, heldOut: null, isolated: null });
    expect(g.origin).toEqual([0, 0]);
    expect(g.rays.map((r) => r.k)).toEqual([0, 1, 2]);
    expect(g.rays[0]!.tip[0]).toBeCloseTo(1.2, 6);
    expect(g.rays[1]!.tip[1]).toBeCloseTo(1.2, 6);
    expect(Math.atan2(g.rays[2]!.tip[1], g.rays[2]!.tip[0]) + 2 * Math.PI).toBeCloseTo(deg(200), 5);
    expect(g.wedges).toEqual([]);
    expect(g.circle).toBeNull();
  });

  it('spans each wedge the margin either side of its ray, and leaves the held-out class without ray or wedge', () => {
    const g = angularGeometry({ weights, dim: 2, margin: 0.5, reach: 2, unitCircle: true, heldOut: 1, isolated: null });
    expect(g.rays.map((r) => r.k)).toEqual([0, 2]);
    const w = g.wedges[0]!.outline;
    expect(w.slice(0, 2)).toEqual([0, 0]);
    const angles: number[] = [];
    for (let i = 2; i < w.length; i += 2) {
      expect(Math.hypot(w[i]!, w[i + 1]!)).toBeCloseTo(2, 5);
      angles.push(Math.atan2(w[i + 1]!, w[i]!));
    }
    expect(Math.min(...angles)).toBeCloseTo(-0.5, 5);
    expect(Math.max(...angles)).toBeCloseTo(0.5, 5);
    // The unit circle: radius 1 about the origin.
    for (let i = 0; i < g.circle!.length; i += 2) expect(Math.hypot(g.circle![i]!, g.circle![i + 1]!)).toBeCloseTo(1, 6);
  });

  it('in 3-D turns the rays with the view and outlines each cone as it is seen', () => {
    const w3 = Float32Array.from([2, 0, 0, 0, 0, 4]);
    const view3 = { origin: [0.5, 0.5, 0.5], orbit: FITTED_ORBIT };
    const g = angularGeometry({ weights: w3, dim: 3, margin: 0.3, reach: 1, unitCircle: true, heldOut: null, isolated: null, view3 });
    const o = project([0, 0, 0], view3.origin, view3.orbit);
    const tip1 = project([0, 0, 1], view3.origin, view3.orbit);
    expect(g.origin[0]).toBeCloseTo(o[0]!, 6);
    expect(g.rays[1]!.tip[0]).toBeCloseTo(tip1[0]!, 6);
    expect(g.rays[1]!.tip[1]).toBeCloseTo(tip1[1]!, 6);
    // The cone's outline holds the apex (the origin) and the ray's tip inside it or on it.
    const hull = g.wedges[1]!.outline;
    const inside = (p: [number, number]) => {
      for (let i = 0; i < hull.length; i += 2) {
        const a = [hull[i]!, hull[i + 1]!], b = [hull[(i + 2) % hull.length]!, hull[(i + 3) % hull.length]!];
        if ((b[0]! - a[0]!) * (p[1] - a[1]!) - (b[1]! - a[1]!) * (p[0] - a[0]!) < -1e-9) return false;
      }
      return true;
    };
    expect(inside(g.origin)).toBe(true);
    expect(inside(g.rays[1]!.tip)).toBe(true);
    // The unit sphere's outline: radius 1 about the projected origin.
    expect(Math.hypot(g.circle![0]! - o[0]!, g.circle![1]! - o[1]!)).toBeCloseTo(1, 6);
  });

  it('finds a convex hull counter-clockwise, without the inner points', () => {
    const h = convexHull([0, 0, 2, 0, 1, 1, 2, 2, 0, 2, 1, 0.5]);
    expect(h.length).toBe(8);
    expect(h).not.toContain(0.5);
  });

  it('paints wedges in the class colour, the unit circle dashed, and each ray with its dark casing, clipped to the plot', () => {
    const g = angularGeometry({ weights, dim: 2, margin: 0.4, reach: 1.2, unitCircle: true, heldOut: null, isolated: 2 });
    const scales = { x: d3.scaleLinear().domain([-2, 2]).range([0, 400]), y: d3.scaleLinear().domain([-2, 2]).range([400, 0]) };
    const { ctx, paints, clipped } = recorder();
    expect(drawAngular(ctx, g, scales, { left: 0, top: 0, width: 400, height: 400 }, { isolated: 2 })).toBe(3);
    expect(clipped()).toBe(true);
    const wedgeFills = paints.filter((p) => p.kind === 'fill' && p.path.length > 3);
    expect(wedgeFills.map((p) => p.style)).toEqual([0, 1, 2].map(classColor));
    // Isolating class 2 leaves the others' wedges barely there.
    expect(wedgeFills[2]!.alpha).toBeGreaterThan(wedgeFills[0]!.alpha * 3);
    const circle = paints.find((p) => p.style === UNIT_CIRCLE_INK)!;
    expect(circle.dash.length).toBeGreaterThan(0);
    // The circle passes through (1, 0): pixel (300, 200).
    expect(circle.path.some(([x, y]) => Math.abs(x - 300) < 1e-6 && Math.abs(y - 200) < 1e-6)).toBe(true);
    const rays = paints.filter((p) => p.kind === 'stroke' && p.path.length === 2 && p.path[0]![0] === 200 && p.path[0]![1] === 200);
    expect(rays.filter((p) => p.style === RAY_CASING)).toHaveLength(3);
    const ray0 = rays.find((p) => p.style === classColor(0))!;
    expect(ray0.path[0]).toEqual([200, 200]);
    expect(ray0.path[1]![0]).toBeCloseTo(320, 6);
  });
});
