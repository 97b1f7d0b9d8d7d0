/** The shared frame loop: frames only on request, one per request burst, on while a painter animates, and the stream drawn in one data frame at a time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addPainter, beforeDataFrame, DATA_FRAME_MS, requestDataFrame, requestFrame, requestRedraw } from './frames';

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
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queued.push(f));
});
afterEach(() => {
  vi.runOnlyPendingTimers();
  while (nextFrame());
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

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

  it('draws a stream of messages in one data frame at most every DATA_FRAME_MS, with the store flushed before it', () => {
    const seen: Array<{ data: boolean; flushed: number }> = [];
    let flushed = 0;
    const remove = addPainter((_now, data) => (seen.push({ data, flushed }), false));
    nextFrame();
    seen.length = 0;
    // A burst: the first message is drawn at once (one frame, flushed before it), the rest wait for the next slot together.
    for (let i = 0; i < 5; i++) beforeDataFrame(() => flushed++);
    vi.advanceTimersByTime(0);
    expect(nextFrame()).toBe(true);
    expect(seen).toEqual([{ data: true, flushed: 5 }]);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(DATA_FRAME_MS / 10 - 1);
      beforeDataFrame(() => flushed++);
      requestDataFrame();
    }
    expect(nextFrame()).toBe(false);
    vi.advanceTimersByTime(DATA_FRAME_MS);
    expect(nextFrame()).toBe(true);
    expect(seen).toEqual([{ data: true, flushed: 5 }, { data: true, flushed: 15 }]);
    // A user's action draws at once, and is not a data frame.
    requestFrame();
    nextFrame();
    expect(seen.at(-1)).toEqual({ data: false, flushed: 15 });
    // A message that arrives after the flush and before its frame is not lost: it has the next data frame.
    vi.advanceTimersByTime(DATA_FRAME_MS);
    beforeDataFrame(() => flushed++);
    vi.advanceTimersByTime(0);
    beforeDataFrame(() => flushed++);
    nextFrame();
    vi.advanceTimersByTime(DATA_FRAME_MS);
    nextFrame();
    expect(flushed).toBe(17);
    expect(1000 / DATA_FRAME_MS).toBeGreaterThanOrEqual(4);
    remove();
  });

  it('keeps its clock when a flush or a painter throws, and redraws the stream\'s views at once for a user\'s action', () => {
    const seen: boolean[] = [];
    let flushed = 0;
    let fail = true;
    const reported: string[] = [];
    vi.stubGlobal('reportError', (e: Error) => reported.push(e.message));
    const remove = addPainter((_now, data) => {
      seen.push(data);
      if (fail && data) throw new Error('painter');
      return false;
    });
    nextFrame();
    beforeDataFrame(() => {
      throw new Error('flush');
    });
    beforeDataFrame(() => flushed++);
    vi.runOnlyPendingTimers();
    nextFrame();
    expect(flushed).toBe(1);
    fail = false;
    vi.advanceTimersByTime(DATA_FRAME_MS);
    beforeDataFrame(() => flushed++);
    vi.advanceTimersByTime(DATA_FRAME_MS);
    nextFrame();
    expect(flushed).toBe(2);
    expect(seen.slice(-2)).toEqual([true, true]);
    requestRedraw();
    nextFrame();
    expect(seen.at(-1)).toBe(true);
    expect(reported).toEqual(['flush', 'painter']);
    remove();
  });
});
