/** The angular view: each class's weight direction as a ray from the origin, its margin as a wedge around it, and the unit circle (or the unit sphere's outline). Pure: no DOM reads. */
import { unitRows } from '../../ml/angles';
import { classColor } from './colors';
import { orbitBasis, project, type Orbit } from './orbit';
import type { PlotRect, ScatterScales } from './scatterTypes';

export interface AngularInput {
  /** fc2's weight rows, k × dim, as the model has them: only their directions count. */
  weights: Float32Array;
  dim: number;
  /** The margin around each ray, in radians; null: rays only. */
  margin: number | null;
  /** How far the rays reach, in feature units: 1 (a little past the unit circle) when the features are normalised. */
  reach: number;
  /** Draw the unit circle (2-D) or the unit sphere's outline (3-D). */
  unitCircle: boolean;
  heldOut: number | null;
  isolated: number | null;
  /** A 3-D view: where it is centered (feature units) and how it is turned. */
  view3?: { origin: readonly number[]; orbit: Orbit };
}

/** Screen-plane geometry in feature units (as drawScatter's columns): what drawAngular strokes. */
export interface AngularGeometry {
  origin: [number, number];
  rays: { k: number; tip: [number, number] }[];
  /** Closed polygons, x,y pairs: a sector in 2-D, the outline of a cone in 3-D. */
  wedges: { k: number; outline: number[] }[];
  /** A closed polyline, x,y pairs. */
  circle: number[] | null;
}

const ARC_STEPS = 24;
const CIRCLE_STEPS = 96;
/** A cone wider than a half-space has no convex outline: the view caps the drawn margin there. */
const MAX_CONE = Math.PI / 2 - 0.01;

/** The convex hull (monotone chain) of x,y pairs, counter-clockwise. */
export function convexHull(points: number[]): number[] {
  const p: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) p.push([points[i]!, points[i + 1]!]);
  p.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p.flat();
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: [number, number][]) => {
    const h: [number, number][] = [];
    for (const q of pts) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, q) <= 0) h.pop();
      h.push(q);
    }
    h.pop();
    return h;
  };
  return [...half(p), ...half([...p].reverse())].flat();
}

/** Two unit vectors perpendicular to u and to each other (3-D). */
function perpendiculars(u: number[]): [number[], number[]] {
  const helper = Math.abs(u[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const dot = helper[0]! * u[0]! + helper[1]! * u[1]! + helper[2]! * u[2]!;
  const a = helper.map((h, i) => h - dot * u[i]!);
  const la = Math.hypot(a[0]!, a[1]!, a[2]!);
  const an = a.map((v) => v / la);
  const b = [u[1]! * an[2]! - u[2]! * an[1]!, u[2]! * an[0]! - u[0]! * an[2]!, u[0]! * an[1]! - u[1]! * an[0]!];
  return [an, b];
}

export function angularGeometry(v: AngularInput): AngularGeometry {
  const k = Math.floor(v.weights.length / v.dim);
  const unit = unitRows(v.weights, v.dim);
  const classes = Array.from({ length: k }, (_, j) => j).filter((j) => j !== v.heldOut && unit.subarray(j * v.dim, (j + 1) * v.dim).some((x) => x !== 0));
  const margin = v.margin !== null && v.margin > 0 ? v.margin : null;
  if (v.dim !== 3 || !v.view3) {
    const circle: number[] = [];
    if (v.unitCircle) for (let s = 0; s <= CIRCLE_STEPS; s++) circle.push(Math.cos((2 * Math.PI * s) / CIRCLE_STEPS), Math.sin((2 * Math.PI * s) / CIRCLE_STEPS));
    return {
      origin: [0, 0],
      rays: classes.map((j) => ({ k: j, tip: [unit[2 * j]! * v.reach, unit[2 * j + 1]! * v.reach] })),
      wedges: margin === null ? [] : classes.map((j) => {
        const theta = Math.atan2(unit[2 * j + 1]!, unit[2 * j]!);
        const outline = [0, 0];
        for (let s = 0; s <= ARC_STEPS; s++) {
          const a = theta - margin + (2 * margin * s) / ARC_STEPS;
          outline.push(Math.cos(a) * v.reach, Math.sin(a) * v.reach);
        }
        return { k: j, outline };
      }),
      circle: v.unitCircle ? circle : null,
    };
  }
  const { origin: o3, orbit } = v.view3;
  const turn = (p: number[]) => {
    const q = project(p, o3, orbit);
    return [q[0]!, q[1]!] as [number, number];
  };
  const origin = turn([0, 0, 0]);
  const cone = margin === null ? null : Math.min(margin, MAX_CONE);
  const circle: number[] = [];
  if (v.unitCircle) {
    // Orthographic: the unit sphere's outline is a unit circle around the projected origin.
    for (let s = 0; s <= CIRCLE_STEPS; s++) circle.push(origin[0] + Math.cos((2 * Math.PI * s) / CIRCLE_STEPS), origin[1] + Math.sin((2 * Math.PI * s) / CIRCLE_STEPS));
  }
  return {
    origin,
    rays: classes.map((j) => ({ k: j, tip: turn([0, 1, 2].map((c) => unit[3 * j + c]! * v.reach)) })),
    wedges: cone === null ? [] : classes.map((j) => {
      const u = [0, 1, 2].map((c) => unit[3 * j + c]!);
      const [a, b] = perpendiculars(u);
      const pts = [...origin];
      for (let s = 0; s < 2 * ARC_STEPS; s++) {
        const phi = (Math.PI * s) / ARC_STEPS;
        const dir = [0, 1, 2].map((c) => v.reach * (Math.cos(cone) * u[c]! + Math.sin(cone) * (Math.cos(phi) * a[c]! + Math.sin(phi) * b[c]!)));
        pts.push(...turn(dir));
      }
      return { k: j, outline: convexHull(pts) };
    }),
    circle: v.unitCircle ? circle : null,
  };
}

/** How much a 3-D ray points toward the viewer (−1..1), for drawing the ones behind the origin fainter. */
export function towardViewer(weights: Float32Array, k: number, orbit: Orbit): number {
  const u = unitRows(weights.subarray(3 * k, 3 * k + 3), 3);
  const t = orbitBasis(orbit)[2];
  return u[0]! * t[0]! + u[1]! * t[1]! + u[2]! * t[2]!;
}

export const UNIT_CIRCLE_INK = '#555';
export const RAY_CASING = '#222';

/** Wedges (faint fills, thin edges), the unit circle (dashed), then the rays with a dot at each tip; clipped to the plot. Returns how many rays it drew. */
export function drawAngular(ctx: CanvasRenderingContext2D, g: AngularGeometry, scales: ScatterScales, plot: PlotRect, opts: { isolated: number | null; lineWidth?: number; faint?: ReadonlySet<number> } = { isolated: null }): number {
  const lw = opts.lineWidth ?? 2;
  const path = (xy: number[]) => {
    ctx.beginPath();
    ctx.moveTo(scales.x(xy[0]!), scales.y(xy[1]!));
    for (let i = 2; i + 1 < xy.length; i += 2) ctx.lineTo(scales.x(xy[i]!), scales.y(xy[i + 1]!));
  };
  const dimmed = (k: number) => opts.isolated !== null && opts.isolated !== k;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  for (const w of g.wedges) {
    path(w.outline);
    ctx.closePath();
    ctx.globalAlpha = dimmed(w.k) ? 0.03 : 0.16;
    ctx.fillStyle = classColor(w.k);
    ctx.fill();
    ctx.globalAlpha = dimmed(w.k) ? 0.1 : 0.55;
    ctx.strokeStyle = classColor(w.k);
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  if (g.circle) {
    path(g.circle);
    ctx.globalAlpha = 0.8;
    ctx.strokeStyle = UNIT_CIRCLE_INK;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  const ox = scales.x(g.origin[0]), oy = scales.y(g.origin[1]);
  for (const r of g.rays) {
    const tx = scales.x(r.tip[0]), ty = scales.y(r.tip[1]);
    ctx.globalAlpha = dimmed(r.k) ? 0.12 : opts.faint?.has(r.k) ? 0.45 : 1;
    // A dark casing under the class colour keeps a yellow ray visible over its own cluster and the white plot.
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(ox, oy);
    ctx.lineTo(tx, ty);
    ctx.strokeStyle = RAY_CASING;
    ctx.lineWidth = lw + 2;
    ctx.stroke();
    ctx.strokeStyle = classColor(r.k);
    ctx.lineWidth = lw;
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(tx + lw * 2, ty);
    ctx.arc(tx, ty, lw * 2, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(r.k);
    ctx.fill();
    ctx.strokeStyle = RAY_CASING;
    ctx.lineWidth = 1;
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  ctx.restore();
  return g.rays.length;
}
