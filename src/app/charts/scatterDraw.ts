/** Pure canvas drawing of the embedding: points by class, centers with trails. No DOM reads, no React. */
import { classColor } from './colors';

export interface ScatterColumns {
  /** Interpolated 2-D positions, n × 2. */
  xy: Float32Array;
  labels: Uint8Array;
  centers: Float32Array | null;
  /** Older center positions, oldest first. */
  trail: Float32Array[];
  /** null: every class; else only this class is drawn strongly. */
  isolated: number | null;
  /** A class held out of training: drawn hollow and grey. */
  heldOut: number | null;
}

export interface ScatterScales {
  x: (v: number) => number;
  y: (v: number) => number;
}

export interface Size {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
}

/** Draws and returns the number of points drawn. */
export function drawScatter(ctx: CanvasRenderingContext2D, cols: ScatterColumns, scales: ScatterScales, size: Size): number {
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  const n = cols.labels.length;
  const r = n > 3000 ? 1.4 : 2.2;
  let drawn = 0;
  // One path per class: ten fills instead of n.
  for (let k = 0; k < 10; k++) {
    const dim = cols.isolated !== null && cols.isolated !== k;
    ctx.globalAlpha = dim ? 0.06 : 0.7;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (cols.labels[i] !== k) continue;
      const px = scales.x(cols.xy[2 * i]!);
      const py = scales.y(cols.xy[2 * i + 1]!);
      if (px < -r || py < -r || px > size.width + r || py > size.height + r) continue;
      // Squares past a few thousand points: arcs cost about 3× more to fill.
      if (n > 3000) ctx.rect(px - r, py - r, 2 * r, 2 * r);
      else {
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
      }
      drawn++;
    }
    if (k === cols.heldOut) {
      ctx.strokeStyle = '#777';
      ctx.lineWidth = 1;
      ctx.stroke();
    } else {
      ctx.fillStyle = classColor(k);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  if (cols.centers) drawCenters(ctx, cols, scales);
  return drawn;
}

function drawCenters(ctx: CanvasRenderingContext2D, cols: ScatterColumns, scales: ScatterScales): void {
  const c = cols.centers!;
  for (let k = 0; k < c.length / 2; k++) {
    if (cols.isolated !== null && cols.isolated !== k) continue;
    if (cols.trail.length > 1) {
      ctx.beginPath();
      cols.trail.forEach((t, j) => {
        const px = scales.x(t[2 * k]!);
        const py = scales.y(t[2 * k + 1]!);
        if (j === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.strokeStyle = classColor(k);
      ctx.globalAlpha = 0.6;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    const px = scales.x(c[2 * k]!);
    const py = scales.y(c[2 * k + 1]!);
    ctx.beginPath();
    ctx.arc(px, py, 10, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(k);
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#111';
    ctx.stroke();
    ctx.fillStyle = k === 7 || k === 9 || k === 4 ? '#fff' : '#111';
    ctx.font = 'bold 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(k), px, py + 0.5);
  }
}

/** Linear interpolation between two snapshots, t in [0, 1]. */
export function interpolate(from: Float32Array | null, to: Float32Array, t: number, out?: Float32Array): Float32Array {
  const res = out && out.length === to.length ? out : new Float32Array(to.length);
  if (!from || from.length !== to.length || t >= 1) {
    res.set(to);
    return res;
  }
  for (let i = 0; i < to.length; i++) res[i] = from[i]! + (to[i]! - from[i]!) * t;
  return res;
}

/** Bounds of the points and centers, padded, with a square aspect. */
export function extent(xy: Float32Array, centers: Float32Array | null): [[number, number], [number, number]] {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const visit = (a: Float32Array) => {
    for (let i = 0; i < a.length; i += 2) {
      const x = a[i]!, y = a[i + 1]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  };
  visit(xy);
  if (centers) visit(centers);
  if (!Number.isFinite(x0)) return [[-1, 1], [-1, 1]];
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const half = (Math.max(x1 - x0, y1 - y0, 1e-6) / 2) * 1.08;
  return [[cx - half, cx + half], [cy - half, cy + half]];
}
