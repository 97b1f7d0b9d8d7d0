/** The shared frame loop: frames only on request, one per request burst, and on while a painter animates. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addPainter, requestFrame } from './frames';

let queued: FrameRequestCallback[] = [];
let now = 0;
/** Runs the frame the page would draw next; returns whether one was requested. */
const nextFrame = (): boolean => {
  const due = queued;
  queued = [];
  now += 16;
  due.forEach((f) => f(now));
  return due.length > 0;
};

beforeEach(() => {
  queued = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queued.push(f));
});
afterEach(() => vi.unstubAllGlobals());

describe('frames', () => {
  it('draws a new painter once, then nothing until something asks', () => {
    const paint = vi.fn(() => false);
    const remove = addPainter(paint);
    expect(nextFrame()).toBe(true);
    expect(paint).toHaveBeenCalledTimes(1);
    expect(nextFrame()).toBe(false);
    requestFrame();
    requestFrame();
    expect(queued).toHaveLength(1);
    nextFrame();
    expect(paint).toHaveBeenCalledTimes(2);
    remove();
    requestFrame();
    nextFrame();
    expect(paint).toHaveBeenCalledTimes(2);
  });

  it('keeps asking for frames while a painter returns true, for every painter', () => {
    let left = 3;
    const tween = vi.fn(() => --left > 0);
    const still = vi.fn(() => false);
    const removeTween = addPainter(tween);
    const removeStill = addPainter(still);
    while (nextFrame());
    expect(tween).toHaveBeenCalledTimes(3);
    expect(still).toHaveBeenCalledTimes(3);
    removeTween();
    removeStill();
  });
});
