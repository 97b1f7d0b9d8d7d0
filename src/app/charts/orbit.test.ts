/** The 3-D view's camera: a turn keeps lengths in the screen plane, the fitted frame does not depend on the turn, and a drag stops at the poles. */
import { describe, expect, it } from 'vitest';
import { axisKey, createOrbitLink, dragOrbit, fit3, FITTED_ORBIT, orbitBasis, project, sameOrbit } from './orbit';

describe('the 3-D scatter camera', () => {
  it('turns by an orthonormal basis: screen right, up and toward the viewer', () => {
    for (const o of [FITTED_ORBIT, { yaw: 2.1, pitch: -0.7 }]) {
      const [r, u, t] = orbitBasis(o);
      const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
      for (const [a, b, want] of [[r, r, 1], [u, u, 1], [t, t, 1], [r, u, 0], [r, t, 0], [u, t, 0]] as const) expect(dot(a, b)).toBeCloseTo(want, 12);
    }
  });

  it('unturned (yaw 0, pitch 0) shows f1 across and f3 up; a point on the line of sight lands on the origin', () => {
    const o = { yaw: 0, pitch: 0 };
    expect(Array.from(project([1, 0, 0, 0, 0, 2, 0, 5, 0], [0, 0, 0], o))).toEqual([1, 0, 0, 2, 0, 0].map((v, i) => (i === 4 ? expect.closeTo(0, 12) : v)));
    const key = axisKey(o);
    expect(key[0]).toMatchObject({ x: 1, y: 0 });
    expect(key[2]).toMatchObject({ x: 0, y: 1 });
  });

  it('never lengthens a distance, and keeps those in the screen plane', () => {
    const pts = [0.3, -1.2, 2, 1.5, 0.4, -0.6];
    const d3 = Math.hypot(pts[0]! - pts[3]!, pts[1]! - pts[4]!, pts[2]! - pts[5]!);
    for (let yaw = -3; yaw <= 3; yaw += 0.5) {
      const p = project(pts, [0, 0, 0], { yaw, pitch: yaw / 3 });
      expect(Math.hypot(p[0]! - p[2]!, p[1]! - p[3]!)).toBeLessThanOrEqual(d3 + 1e-6);
    }
  });

  it('fits a sphere around the cloud: the same domain from every side, every center inside', () => {
    const f = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.7) * (i % 3 === 2 ? 4 : 1) + 10);
    const centers = Float32Array.from([10, 10, 30]);
    const fit = fit3(f, centers);
    expect(fit.radius).toBeGreaterThanOrEqual(Math.hypot(10 - fit.origin[0], 10 - fit.origin[1], 30 - fit.origin[2]) - 1e-9);
    for (const o of [FITTED_ORBIT, { yaw: 1, pitch: 1 }]) {
      const p = project(f, fit.origin, o);
      const outside = Array.from({ length: 100 }, (_, i) => Math.hypot(p[2 * i]!, p[2 * i + 1]!) > fit.radius).filter(Boolean).length;
      expect(outside).toBeLessThanOrEqual(1);
    }
  });

  it('a drag turns; pitch stops at straight above; the link returns every view to the fitted one', () => {
    expect(dragOrbit(FITTED_ORBIT, 100, 0).yaw).toBeCloseTo(FITTED_ORBIT.yaw + 1, 12);
    expect(dragOrbit(FITTED_ORBIT, 0, 10_000).pitch).toBeCloseTo(Math.PI / 2, 12);
    const link = createOrbitLink();
    const seen: boolean[] = [];
    link.subscribe((o) => seen.push(sameOrbit(o, FITTED_ORBIT)));
    link.set(dragOrbit(link.orbit, 40, 10));
    link.reset();
    expect(seen).toEqual([false, true]);
  });
});
