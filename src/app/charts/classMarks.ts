/** How a class is told apart when there are more classes than colours: the colour cycles, the marker shape changes, and the center's disc names it. */
import { CLASS_COLORS } from './colors';

/** Ten colours a shape: circles for classes 0–9 (MNIST looks as before), then one shape per further ten, enough for 70 classes. */
export type ClassShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'pentagon' | 'hexagon';
export const CLASS_SHAPES: readonly ClassShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'pentagon', 'hexagon'];

export const classShape = (k: number): ClassShape => CLASS_SHAPES[Math.floor(k / CLASS_COLORS.length) % CLASS_SHAPES.length]!;

/** Corners of a regular polygon of circumradius r, the first at angle a0 (radians, 0 = right, y down). */
function polygon(x: number, y: number, r: number, sides: number, a0: number): Array<[number, number]> {
  return Array.from({ length: sides }, (_, i) => {
    const a = a0 + (i * 2 * Math.PI) / sides;
    return [x + r * Math.cos(a), y + r * Math.sin(a)];
  });
}

/** The corners of a shape of about the same area as a circle of radius r; null for the circle. */
export function shapeCorners(shape: ClassShape, x: number, y: number, r: number): Array<[number, number]> | null {
  switch (shape) {
    case 'circle':
      return null;
    case 'square':
      return polygon(x, y, r * 1.25, 4, Math.PI / 4);
    case 'diamond':
      return polygon(x, y, r * 1.3, 4, 0);
    case 'triangle':
      return polygon(x, y, r * 1.55, 3, -Math.PI / 2);
    case 'triangle-down':
      return polygon(x, y, r * 1.55, 3, Math.PI / 2);
    case 'pentagon':
      return polygon(x, y, r * 1.15, 5, -Math.PI / 2);
    case 'hexagon':
      return polygon(x, y, r * 1.1, 6, 0);
    default: {
      const never: never = shape;
      throw new Error(`unknown shape ${String(never)}`);
    }
  }
}

/** Adds one marker to the current path (the caller fills once per class). */
export function markPath(ctx: Pick<CanvasRenderingContext2D, 'moveTo' | 'lineTo' | 'arc' | 'closePath'>, shape: ClassShape, x: number, y: number, r: number): void {
  const corners = shapeCorners(shape, x, y, r);
  if (!corners) {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    return;
  }
  corners.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
  ctx.closePath();
}

/** The same marker as a CSS background for a legend swatch. */
export function swatchBackground(shape: ClassShape, color: string): string {
  const c = shapeCorners(shape, 6, 6, 4.4);
  const fill = encodeURIComponent(color);
  const body = c ? `%3Cpath d='M${c.map(([x, y]) => `${x.toFixed(2)} ${y.toFixed(2)}`).join('L')}Z' fill='${fill}'/%3E` : `%3Ccircle cx='6' cy='6' r='5' fill='${fill}'/%3E`;
  return `center / contain no-repeat url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'%3E${body}%3C/svg%3E")`;
}

/** The longest label a center's disc carries. */
export const DISC_LABEL_MAX = 3;

/**
 * What each center's disc says: the class name when every name is short ("0".."9", "A".."Z"), else the shortest common
 * prefix length (up to 3 characters) that tells the names apart ("Tr", "Pu", "Dr" …), else the class index.
 */
export function discLabels(names: readonly string[]): string[] {
  const clean = names.map((n) => n.trim());
  if (clean.every((n) => n.length > 0 && n.length <= DISC_LABEL_MAX) && new Set(clean).size === clean.length) return clean;
  for (let len = 1; len <= DISC_LABEL_MAX; len++) {
    const cut = clean.map((n) => n.slice(0, len));
    if (cut.every((c) => c.length > 0) && new Set(cut.map((c) => c.toLowerCase())).size === cut.length) return cut;
  }
  return clean.map((_, k) => String(k));
}
