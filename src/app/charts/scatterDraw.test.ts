/** The scatter's draw function against a context that records what it is asked to draw. */
import { describe, expect, it } from 'vitest';
import { classColor, HELD_OUT_HALO, HELD_OUT_INK } from './colors';
import { DEFAULT_SCATTER_STYLE, drawHeldOutMarker, drawScatter, PROBE_INK, RING_INK, PRESENTATION_SCATTER_STYLE, trainedCenterCount, type ScatterColumns } from './scatterDraw';

type Op = { op: 'moveTo' | 'lineTo'; x: number; y: number } | { op: 'arc'; x: number; y: number; r: number } | { op: 'rect'; x: number; y: number; w: number; h: number };
interface Paint {
  kind: 'fill' | 'stroke';
  style: string;
  alpha: number;
  lineWidth: number;
  path: Op[];
}

/** Records paints (each with the path it paints), clips, texts and the save/restore nesting. */
function recorder() {
  const paints: Paint[] = [];
  const texts: { text: string; x: number; y: number; font: string; style: string }[] = [];
  const clips: { path: Op[]; depth: number; beforePaint: number }[] = [];
  const log: string[] = [];
  let path: Op[] = [];
  let depth = 0;
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    setTransform() {},
    clearRect() {},
    save() {
      depth++;
      log.push('save');
    },
    restore() {
      depth--;
      log.push('restore');
    },
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push({ op: 'moveTo', x, y });
    },
    lineTo(x: number, y: number) {
      path.push({ op: 'lineTo', x, y });
    },
    arc(x: number, y: number, r: number) {
      path.push({ op: 'arc', x, y, r });
    },
    rect(x: number, y: number, w: number, h: number) {
      path.push({ op: 'rect', x, y, w, h });
    },
    setLineDash() {},
    closePath() {},
    clip() {
      clips.push({ path: [...path], depth, beforePaint: paints.length });
      log.push('clip');
    },
    fill() {
      paints.push({ kind: 'fill', style: ctx.fillStyle, alpha: ctx.globalAlpha, lineWidth: ctx.lineWidth, path: [...path] });
      log.push('fill');
    },
    stroke() {
      paints.push({ kind: 'stroke', style: ctx.strokeStyle, alpha: ctx.globalAlpha, lineWidth: ctx.lineWidth, path: [...path] });
      log.push('stroke');
    },
    fillText(text: string, x: number, y: number) {
      texts.push({ text, x, y, font: ctx.font, style: ctx.fillStyle });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, paints, texts, clips, log, depth: () => depth };
}

const identity = { x: (v: number) => v, y: (v: number) => v };
const size = { width: 400, height: 300, dpr: 2 };

/** One point per class at (20k + 50, 100), one center per class at (20k + 50, 200). */
function columns(over: Partial<ScatterColumns> = {}): ScatterColumns {
  const labels = Uint8Array.from({ length: 10 }, (_, k) => k);
  const xy = new Float32Array(20);
  const centers = new Float32Array(20);
  for (let k = 0; k < 10; k++) {
    xy.set([20 * k + 50, 100], 2 * k);
    centers.set([20 * k + 50, 200], 2 * k);
  }
  return { xy, labels, centers, trail: [], isolated: null, heldOut: null, ...over };
}

const discs = (r: ReturnType<typeof recorder>, radius: number) => r.paints.filter((p) => p.kind === 'fill' && p.path.length === 1 && p.path[0]!.op === 'arc' && p.path[0]!.r === radius);

describe('drawScatter', () => {
  it('without options draws as before: every point on the canvas, default sizes, a disc and a digit per center', () => {
    const r = recorder();
    expect(drawScatter(r.ctx, columns(), identity, size)).toBe(10);
    expect(r.clips).toHaveLength(0);
    const points = r.paints.filter((p) => p.kind === 'fill' && p.path.some((o) => o.op === 'arc' && o.r === DEFAULT_SCATTER_STYLE.pointRadius));
    expect(points.map((p) => p.style)).toEqual(Array.from({ length: 10 }, (_, k) => classColor(k)));
    expect(discs(r, DEFAULT_SCATTER_STYLE.centerRadius)).toHaveLength(10);
    expect(r.texts.map((t) => t.text)).toEqual(Array.from({ length: 10 }, (_, k) => String(k)));
    expect(r.texts[0]!.font).toContain(`${DEFAULT_SCATTER_STYLE.labelPx}px`);
    expect(r.depth()).toBe(0);
  });

  it('clips everything to the plot rectangle and skips points outside it', () => {
    const r = recorder();
    const plot = { left: 100, top: 50, width: 120, height: 200 };
    // Points at x = 50…230: those at 50, 70, 90 and 230 lie outside [100, 220] by more than a radius.
    expect(drawScatter(r.ctx, columns(), identity, size, { plot })).toBe(6);
    expect(r.clips).toHaveLength(1);
    expect(r.clips[0]!.path).toEqual([{ op: 'rect', x: 100, y: 50, w: 120, h: 200 }]);
    expect(r.clips[0]!.beforePaint).toBe(0);
    expect(r.clips[0]!.depth).toBe(1);
    expect(r.log[0]).toBe('save');
    expect(r.log.at(-1)).toBe('restore');
    expect(r.depth()).toBe(0);
    // Centers further out than a disc radius are skipped too; those at 90 and 230 show a clipped edge.
    expect(r.texts.map((t) => t.text)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('draws squares past 3,000 points, with the dense radius', () => {
    const n = 3001;
    const r = recorder();
    const cols = columns({ xy: new Float32Array(2 * n).fill(100), labels: new Uint8Array(n), centers: null });
    expect(drawScatter(r.ctx, cols, identity, size)).toBe(n);
    const rects = r.paints[0]!.path;
    expect(rects).toHaveLength(n);
    expect(rects[0]).toEqual({ op: 'rect', x: 100 - 1.7, y: 100 - 1.7, w: 3.4, h: 3.4 });
  });

  it('takes the presentation style: bigger points, center discs and labels', () => {
    const r = recorder();
    drawScatter(r.ctx, columns(), identity, size, { style: PRESENTATION_SCATTER_STYLE });
    expect(PRESENTATION_SCATTER_STYLE.pointRadius).toBeGreaterThanOrEqual(2.5);
    expect(PRESENTATION_SCATTER_STYLE.densePointRadius).toBeGreaterThanOrEqual(2.5);
    expect(PRESENTATION_SCATTER_STYLE.labelPx).toBeGreaterThanOrEqual(24);
    expect(r.paints.some((p) => p.path.some((o) => o.op === 'arc' && o.r === PRESENTATION_SCATTER_STYLE.pointRadius))).toBe(true);
    expect(discs(r, PRESENTATION_SCATTER_STYLE.centerRadius)).toHaveLength(10);
    expect(r.texts[0]!.font).toContain('24px');
  });

  it('draws the held-out class last as haloed crosses, and neither its center nor its trail', () => {
    const r = recorder();
    const trail = [columns().centers!, columns().centers!];
    drawScatter(r.ctx, columns({ heldOut: 8, trail }), identity, size);
    const held = r.paints.filter((p) => p.kind === 'stroke' && (p.style === HELD_OUT_HALO || p.style === HELD_OUT_INK) && p.path.some((o) => o.op === 'lineTo'));
    expect(held.map((p) => p.style)).toEqual([HELD_OUT_HALO, HELD_OUT_INK]);
    expect(held[0]!.lineWidth).toBeGreaterThan(held[1]!.lineWidth);
    // A cross: two strokes through the point, nothing filled.
    expect(held[1]!.path).toHaveLength(4);
    for (const o of held[1]!.path) {
      expect(Math.abs(o.x - 210)).toBeGreaterThan(DEFAULT_SCATTER_STYLE.pointRadius);
      expect(Math.abs(o.y - 100)).toBeCloseTo(Math.abs(o.x - 210));
    }
    const pointFills = r.paints.filter((p) => p.kind === 'fill' && p.path.some((o) => o.op === 'arc' && o.r === DEFAULT_SCATTER_STYLE.pointRadius));
    expect(pointFills.map((p) => p.style)).not.toContain(classColor(8));
    expect(r.paints.indexOf(held[0]!)).toBeGreaterThan(r.paints.indexOf(pointFills.at(-1)!));
    expect(r.texts.map((t) => t.text)).not.toContain('8');
    expect(discs(r, DEFAULT_SCATTER_STYLE.centerRadius)).toHaveLength(9);
    expect(r.paints.filter((p) => p.kind === 'stroke' && p.style === classColor(8))).toHaveLength(0);
  });

  it('draws the trail as a fading tail that ends at the disc and skips jumps', () => {
    const at = (x: number, y: number) => {
      const c = new Float32Array(20).fill(0);
      c.set([x, y], 0);
      return c;
    };
    // Class 0 moves right 10 px a snapshot after a jump from (0, 0); the disc is half way to the last snapshot.
    const trail = [at(0, 0), at(200, 150), at(210, 150), at(220, 150), at(230, 150)];
    const centers = at(225, 150);
    const r = recorder();
    drawScatter(r.ctx, columns({ centers, trail, isolated: 0 }), identity, size);
    const segs = r.paints.filter((p) => p.kind === 'stroke' && p.style === classColor(0) && p.path[0]?.op === 'moveTo' && p.path.slice(1).every((o) => o.op === 'lineTo'));
    // Four segments in TRAIL_TIERS = 3 tiers of the fade: the jump dropped, then one polyline per tier, the newest two together.
    expect(segs.map((p) => p.path)).toEqual([
      [{ op: 'moveTo', x: 200, y: 150 }, { op: 'lineTo', x: 210, y: 150 }],
      [{ op: 'moveTo', x: 210, y: 150 }, { op: 'lineTo', x: 220, y: 150 }, { op: 'lineTo', x: 225, y: 150 }],
    ]);
    const alphas = segs.map((p) => p.alpha);
    expect(alphas[0]).toBeLessThan(alphas[1]!);
    expect(segs[0]!.lineWidth).toBeLessThan(segs[1]!.lineWidth);
    // Drawn before any disc, so the discs sit on the tails.
    expect(r.paints.indexOf(segs.at(-1)!)).toBeLessThan(r.paints.indexOf(discs(r, DEFAULT_SCATTER_STYLE.centerRadius)[0]!));
  });
});

describe('drawHeldOutMarker', () => {
  it('strokes a haloed cross within its box', () => {
    const r = recorder();
    drawHeldOutMarker(r.ctx, 50, 40, 14);
    expect(r.paints.map((p) => p.style)).toEqual([HELD_OUT_HALO, HELD_OUT_INK]);
    for (const o of r.paints[0]!.path) {
      expect(Math.abs(o.x - 50) + r.paints[0]!.lineWidth / 2).toBeLessThanOrEqual(7 + 1e-9);
      expect(Math.abs(o.y - 40) + r.paints[0]!.lineWidth / 2).toBeLessThanOrEqual(7 + 1e-9);
    }
    expect(r.depth()).toBe(0);
  });
});

describe('trainedCenterCount', () => {
  it('leaves out a held-out class', () => {
    expect(trainedCenterCount(10, null)).toBe(10);
    expect(trainedCenterCount(10, 9)).toBe(9);
    expect(trainedCenterCount(10, 0)).toBe(9);
    expect(trainedCenterCount(10, 12)).toBe(10);
  });
});

describe('drawScatter: the open-set threshold and a drawn digit', () => {
  it('rings every trained center at the given radius, the held-out one excepted, under the center discs', () => {
    const r = recorder();
    drawScatter(r.ctx, columns({ heldOut: 9 }), identity, size, { ringRadius: 30 });
    const rings = r.paints.filter((p) => p.kind === 'stroke' && p.style === RING_INK);
    expect(rings).toHaveLength(1);
    const arcs = rings[0]!.path.filter((o) => o.op === 'arc');
    expect(arcs.map((o) => [o.x, o.y, o.op === 'arc' && o.r])).toEqual(Array.from({ length: 9 }, (_, k) => [20 * k + 50, 200, 30]));
    expect(r.paints.indexOf(rings[0]!)).toBeLessThan(r.paints.indexOf(discs(r, DEFAULT_SCATTER_STYLE.centerRadius)[0]!));
    const none = recorder();
    drawScatter(none.ctx, columns(), identity, size);
    expect(none.paints.some((p) => p.kind === 'stroke' && p.style === RING_INK)).toBe(false);
  });

  it('marks the probe on top, where its feature is', () => {
    const r = recorder();
    drawScatter(r.ctx, columns(), identity, size, { probe: { x: 123, y: 45 } });
    const star = r.paints.filter((p) => p.kind === 'fill').at(-1)!;
    expect(star.style).toBe(PROBE_INK);
    const xs = star.path.map((o) => o.x), ys = star.path.map((o) => o.y);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(123, 0);
    expect(Math.max(...ys)).toBeGreaterThan(45);
    expect(Math.min(...ys)).toBeLessThan(45);
  });
});

describe('drawScatter: more classes than colours', () => {
  it('draws all 26 classes, the ones past ten as shapes (no arc), and labels each disc with its name', () => {
    const n = 26;
    const labels = Uint8Array.from({ length: n }, (_, k) => k);
    const xy = new Float32Array(2 * n);
    const centers = new Float32Array(2 * n);
    // Points in a row, centers on a grid far enough apart that every disc sits on its center.
    for (let k = 0; k < n; k++) {
      xy.set([10 + 14 * k, 40], 2 * k);
      centers.set([40 + 60 * (k % 6), 90 + 45 * Math.floor(k / 6)], 2 * k);
    }
    const letters = Array.from({ length: n }, (_, k) => String.fromCharCode(65 + k));
    const r = recorder();
    expect(drawScatter(r.ctx, { xy, labels, centers, trail: [], isolated: null, heldOut: null, discLabels: letters }, identity, { width: 420, height: 360, dpr: 1 })).toBe(n);
    const points = r.paints.filter((p) => p.kind === 'fill' && p.path.length > 0 && p.path.every((o) => Math.abs(o.y - 40) < 8));
    expect(points).toHaveLength(n);
    expect(points.slice(0, 10).every((p) => p.path.some((o) => o.op === 'arc'))).toBe(true);
    expect(points.slice(10).every((p) => !p.path.some((o) => o.op === 'arc') && p.path.filter((o) => o.op === 'lineTo').length >= 2)).toBe(true);
    expect(r.texts.map((t) => t.text).sort()).toEqual(letters);
  });
});

