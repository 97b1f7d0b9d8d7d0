import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { createZoomLink, isIdentity } from './zoomLink';

describe('the linked zoom', () => {
  it('tells every other view of a gesture, and every view of a reset', () => {
    const link = createZoomLink();
    const a = {}, b = {};
    const seen: Array<[object, number]> = [];
    link.subscribe((t, source) => source !== a && seen.push([a, t.k]));
    link.subscribe((t, source) => source !== b && seen.push([b, t.k]));
    link.publish(d3.zoomIdentity.scale(3), a);
    expect(seen).toEqual([[b, 3]]);
    expect(isIdentity(link.transform)).toBe(false);
    link.reset();
    expect(seen.slice(1)).toEqual([[a, 1], [b, 1]]);
    expect(isIdentity(link.transform)).toBe(true);
  });
});
