/**
 * From the real training session to the pixels the scatter asks for: the worker's messages go through the page's bridge
 * into its store, and the panel's columns through the draw function, in 2-D and 3-D.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as d3 from 'd3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeHarness } from './bridgeHarness';
import { harness } from './sessionHarness';
import { presetConfig } from '../src/ml/config';
import { classColor } from '../src/app/charts/colors';
import { DEFAULT_SCATTER_STYLE, drawScatter } from '../src/app/charts/scatterDraw';
import { dragOrbit, FITTED_ORBIT, type Orbit } from '../src/app/charts/orbit';
import { viewColumns } from '../src/app/charts/viewColumns';
import { fillDomain } from '../src/app/charts/spread';
import { viewOf } from '../src/app/views';
import type { FeatDim } from '../src/ml/architecture';

type Arc = { x: number; y: number; r: number };

/** A context that keeps every arc it is asked to fill or stroke, with the style it was painted in. */
function arcRecorder() {
  const painted: Array<{ style: string; arcs: Arc[] }> = [];
  let path: Arc[] = [];
  const ctx = {
    globalAlpha: 1,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setTransform() {},
    clearRect() {},
    fillRect() {},
    save() {},
    restore() {},
    clip() {},
    rect() {},
    setLineDash() {},
    closePath() {},
    fillText() {},
    beginPath() {
      path = [];
    },
    moveTo() {},
    lineTo() {},
    arc(x: number, y: number, r: number) {
      path.push({ x, y, r });
    },
    fill() {
      painted.push({ style: String(ctx.fillStyle), arcs: path });
    },
    stroke() {
      painted.push({ style: String(ctx.strokeStyle), arcs: path });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, painted };
}

const SIZE = { width: 600, height: 500, dpr: 1 };

// The page's frame loop is the browser's; here nothing needs drawing on a timer.
beforeEach(() => vi.stubGlobal('requestAnimationFrame', () => 1));

/** What a panel draws for its run's current snapshot, turned by `orbit` in 3-D. */
function drawPanel(e: ReturnType<typeof viewOf>['embedding'], orbit: Orbit, probe: readonly number[] | null) {
  const cur = e.current!;
  const v = viewColumns({ dim: e.dim, fitTo: cur, features: cur.features, centers: cur.centers, labels: e.evalSet!.labels, trail: e.trail, isolated: null, heldOut: null, probe, orbit });
  const [fx, fy] = fillDomain(v.own, SIZE.width, SIZE.height);
  const scales = { x: d3.scaleLinear().domain(fx).range([0, SIZE.width]), y: d3.scaleLinear().domain(fy).range([SIZE.height, 0]) };
  const rec = arcRecorder();
  const drawn = drawScatter(rec.ctx, v.cols, scales, SIZE, { ...(v.probe ? { probe: v.probe } : {}), ringRadius: 40 });
  const points = rec.painted.flatMap((p) => p.arcs.filter((a) => a.r === DEFAULT_SCATTER_STYLE.pointRadius));
  // A center's disc, full size or shrunk beside a crowded one: a class-coloured arc larger than a point.
  const colours = new Set(Array.from({ length: 10 }, (_, k) => classColor(k)));
  const discs = rec.painted.filter((p) => colours.has(p.style)).flatMap((p) => p.arcs.filter((a) => a.r > DEFAULT_SCATTER_STYLE.pointRadius));
  const rings = rec.painted.flatMap((p) => p.arcs.filter((a) => a.r === 40));
  return { drawn, points, discs, rings, v, scales };
}

const spreadPx = (pts: Arc[], axis: 'x' | 'y') => Math.max(...pts.map((p) => p[axis])) - Math.min(...pts.map((p) => p[axis]));

describe.each([2, 3] as FeatDim[])('a %i-D run from the worker to the scatter', (featDim) => {
  it('every test digit and center the worker embeds is drawn inside the plot, where its feature is', async () => {
    const config = presetConfig('fast', { variant: 'slim', evalSize: 50, featDim, hyper: { batchSize: 8 } });
    const worker = harness();
    const page = bridgeHarness(config);
    await worker.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
    await worker.session.handle({ type: 'step', n: 3 });
    page.recv(...worker.messages);
    page.frame();

    const sent = worker.last('embedding')!;
    expect(sent.features.length).toBe(50 * featDim);
    const e = viewOf(page.views, sent.run).embedding;
    expect(e.dim).toBe(featDim);
    expect(e.current?.step).toBe(sent.step);
    expect(e.current?.features).toBe(sent.features);

    const { drawn, points, discs, rings, v, scales } = drawPanel(e, FITTED_ORBIT, null);
    expect(drawn).toBe(50);
    expect(points).toHaveLength(50);
    expect(discs).toHaveLength(10);
    // The threshold: one ring per center (a sphere, seen from any side, is a circle of its radius).
    expect(rings).toHaveLength(10);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(SIZE.width);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(SIZE.height);
    }
    // Not a blank or collapsed scatter: the digits land at distinct places.
    expect(new Set(points.map((p) => `${Math.round(p.x)},${Math.round(p.y)}`)).size).toBeGreaterThan(25);
    expect(Math.min(spreadPx(points, 'x'), spreadPx(points, 'y'))).toBeGreaterThan(5);
    // Screen distances are feature distances at the plot's scale, never longer: a projection can only foreshorten.
    const pxPerUnit = Math.abs(scales.x(1) - scales.x(0));
    const f = sent.features;
    const at = (i: number) => ({ x: scales.x(v.cols.xy[2 * i]!), y: scales.y(v.cols.xy[2 * i + 1]!) });
    for (let i = 0; i + 1 < 50; i++) {
      const a = at(i), b = at(i + 1);
      const screen = Math.hypot(a.x - b.x, a.y - b.y) / pxPerUnit;
      const feature = Math.hypot(...Array.from({ length: featDim }, (_, k) => f[i * featDim + k]! - f[(i + 1) * featDim + k]!));
      expect(screen).toBeLessThanOrEqual(feature * (1 + 1e-5) + 1e-6);
      if (featDim === 2) expect(screen).toBeCloseTo(feature, 4);
    }
    // Each digit's disc is drawn at its column's position.
    for (let i = 0; i < 50; i++) expect(points.some((p) => Math.abs(p.x - at(i).x) < 1e-9 && Math.abs(p.y - at(i).y) < 1e-9)).toBe(true);
  });

  it('the drawn digit comes back with every dimension and is drawn in the plot; in 3-D turning the view moves the points', async () => {
    const config = presetConfig('fast', { variant: 'slim', evalSize: 50, featDim, hyper: { batchSize: 8 } });
    const worker = harness();
    const page = bridgeHarness(config);
    await worker.session.handle({ type: 'init', dataUrl: 'unused', data: { kind: 'bundled' }, config });
    await worker.session.handle({ type: 'step', n: 2 });
    page.recv(...worker.messages);
    const ready = worker.last('ready')!;
    // The page asks (its probe message), the worker answers, the page keeps the answer.
    page.actions.probe(ready.evalPixels.slice(0, 784), 0);
    const ask = page.sent.filter((m) => m.type === 'probe').at(-1)!;
    const before = worker.messages.length;
    await worker.session.handle(ask);
    page.recv(...worker.messages.slice(before));
    page.frame();
    const result = page.store.getState().probe!.results[0]!;
    expect(result.feature).toHaveLength(featDim);
    // The test digit it was drawn from: the same feature.
    const e = viewOf(page.views, result.run).embedding;
    const f = e.current!.features;
    for (let k = 0; k < featDim; k++) expect(result.feature[k]).toBeCloseTo(f[k]!, 4);

    const fitted = drawPanel(e, FITTED_ORBIT, result.feature);
    expect(fitted.v.probe).toBeDefined();
    // The star is drawn where test digit 0 is.
    expect(fitted.scales.x(fitted.v.probe!.x)).toBeCloseTo(fitted.points.length ? fitted.scales.x(fitted.v.cols.xy[0]!) : NaN, 4);
    if (featDim === 3) {
      const turned = drawPanel(e, dragOrbit(FITTED_ORBIT, 120, 40), result.feature);
      expect(turned.drawn).toBe(50);
      const moved = turned.points.filter((p, i) => Math.hypot(p.x - fitted.points[i]!.x, p.y - fitted.points[i]!.y) > 1).length;
      expect(moved).toBeGreaterThan(25);
      // Turning keeps the zoom: the fitted domain is the same from every side.
      expect(turned.v.own).toEqual(fitted.v.own);
    }
  });
});
