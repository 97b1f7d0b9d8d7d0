/** One zoom/pan shared by several scatters ("linked zoom"): each view publishes its gestures and follows the others'. */
import * as d3 from 'd3';

export interface ZoomLink {
  transform: d3.ZoomTransform;
  subscribe(fn: (t: d3.ZoomTransform, source: object) => void): () => void;
  publish(t: d3.ZoomTransform, source: object): void;
  /** Back to the fitted view, in every linked scatter. */
  reset(): void;
}

export const isIdentity = (t: d3.ZoomTransform): boolean => t.k === 1 && t.x === 0 && t.y === 0;

export function createZoomLink(): ZoomLink {
  const subs = new Set<(t: d3.ZoomTransform, source: object) => void>();
  const link: ZoomLink = {
    transform: d3.zoomIdentity,
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    publish(t, source) {
      link.transform = t;
      for (const fn of subs) fn(t, source);
    },
    reset() {
      link.publish(d3.zoomIdentity, link);
    },
  };
  return link;
}
