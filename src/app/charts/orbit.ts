/** The 3-D scatter's camera: an orthographic view turned by yaw and pitch around a fitted center. Pure: no DOM. */
import type { Domain } from './spread';

/** Yaw turns about the vertical feature axis, pitch tips it toward the viewer; radians. */
export interface Orbit {
  yaw: number;
  pitch: number;
}

/** The view a 3-D scatter opens with: turned and tipped enough that all three axes show. */
export const FITTED_ORBIT: Readonly<Orbit> = { yaw: -0.6, pitch: 0.35 };

/** Radians per CSS px dragged, and per arrow key. */
export const DRAG_RADIANS = 0.01;
export const KEY_RADIANS = Math.PI / 36;

const PITCH_LIMIT = Math.PI / 2;

export const sameOrbit = (a: Orbit, b: Orbit): boolean => a.yaw === b.yaw && a.pitch === b.pitch;

/** A drag by (dx, dy) CSS px: right turns the cloud right, down tips its top toward the viewer; pitch stops at straight above or below. */
export function dragOrbit(o: Orbit, dx: number, dy: number): Orbit {
  return { yaw: o.yaw + dx * DRAG_RADIANS, pitch: Math.max(-PITCH_LIMIT, Math.min(PITCH_LIMIT, o.pitch + dy * DRAG_RADIANS)) };
}

/** Rows of the rotation: screen right, screen up, toward the viewer, each in feature coordinates. */
export function orbitBasis(o: Orbit): [number[], number[], number[]] {
  const cy = Math.cos(o.yaw), sy = Math.sin(o.yaw), cp = Math.cos(o.pitch), sp = Math.sin(o.pitch);
  // Yaw about feature axis 2 (up), then pitch about the screen's horizontal.
  const right = [cy, sy, 0];
  const up = [sy * sp, -cy * sp, cp];
  const toward = [-sy * cp, cy * cp, sp];
  return [right, up, toward];
}

/** n × 3 values (features, centers) → n × 2 screen-plane coordinates in feature units, relative to `origin`. Lengths in the screen plane are kept. */
export function project(values: ArrayLike<number>, origin: readonly number[], o: Orbit, out?: Float32Array): Float32Array {
  const n = Math.floor(values.length / 3);
  const res = out && out.length === 2 * n ? out : new Float32Array(2 * n);
  const [r, u] = orbitBasis(o);
  for (let i = 0; i < n; i++) {
    const a = values[3 * i]! - origin[0]!, b = values[3 * i + 1]! - origin[1]!, c = values[3 * i + 2]! - origin[2]!;
    res[2 * i] = r[0]! * a + r[1]! * b + r[2]! * c;
    res[2 * i + 1] = u[0]! * a + u[1]! * b + u[2]! * c;
  }
  return res;
}

/** What a 3-D view is fitted to: a center and the radius of a sphere holding the cloud, so turning it never changes the zoom. */
export interface Fit3 {
  origin: [number, number, number];
  radius: number;
}

/** The middle of the points' 1st–99th percentile box, and the 99th-percentile distance from it (the centers always inside): a few strays must not shrink the clusters. */
export function fit3(features: ArrayLike<number>, centers: ArrayLike<number> | null): Fit3 {
  const n = Math.floor(features.length / 3);
  const origin: [number, number, number] = [0, 0, 0];
  const finite = (i: number, a: ArrayLike<number>) => Number.isFinite(a[3 * i]!) && Number.isFinite(a[3 * i + 1]!) && Number.isFinite(a[3 * i + 2]!);
  const keep = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (finite(i, features)) keep[m++] = i;
  if (m === 0) return { origin, radius: 1 };
  // Typed sorts (numeric, native): a new snapshot of every 3-D panel is fitted afresh, several times a second.
  const v = new Float64Array(m);
  for (let k = 0; k < 3; k++) {
    for (let j = 0; j < m; j++) v[j] = features[3 * keep[j]! + k]!;
    v.sort();
    origin[k] = (v[Math.floor(0.01 * (m - 1))]! + v[Math.ceil(0.99 * (m - 1))]!) / 2;
  }
  const dist = (a: ArrayLike<number>, i: number) => Math.hypot(a[3 * i]! - origin[0], a[3 * i + 1]! - origin[1], a[3 * i + 2]! - origin[2]);
  for (let j = 0; j < m; j++) v[j] = dist(features, keep[j]!);
  v.sort();
  let radius = v[Math.ceil(0.99 * (m - 1))]!;
  if (centers) for (let j = 0; j < Math.floor(centers.length / 3); j++) if (finite(j, centers)) radius = Math.max(radius, dist(centers, j));
  return { origin, radius: Math.max(radius, 1e-6) };
}

/** The square domain of a fitted 3-D view, in screen-plane units (origin at 0). */
export const fit3Domain = (f: Fit3): Domain => [
  [-f.radius, f.radius],
  [-f.radius, f.radius],
];

/** The three feature axes as screen directions (x right, y up) and how far each points toward the viewer, for an orientation key. */
export function axisKey(o: Orbit): Array<{ axis: number; x: number; y: number; toward: number }> {
  const [r, u, t] = orbitBasis(o);
  return [0, 1, 2].map((axis) => ({ axis, x: r[axis]!, y: u[axis]!, toward: t[axis]! }));
}

/** One orbit shared by several 3-D scatters: each follows the others' turns. */
export interface OrbitLink {
  orbit: Orbit;
  subscribe(fn: (o: Orbit) => void): () => void;
  set(o: Orbit): void;
  /** Back to the fitted view. */
  reset(): void;
}

export function createOrbitLink(): OrbitLink {
  const subs = new Set<(o: Orbit) => void>();
  const link: OrbitLink = {
    orbit: { ...FITTED_ORBIT },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    set(o) {
      link.orbit = o;
      for (const fn of subs) fn(o);
    },
    reset() {
      link.set({ ...FITTED_ORBIT });
    },
  };
  return link;
}
