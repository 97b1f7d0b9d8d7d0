/** The shared frame loop: frames only on request, one per request burst, on while a painter animates, and the stream drawn in one data frame at a time. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addPainter, beforeDataFrame, DATA_FRAME_MS, FRAME_BUDGET_MS, pacedFlush, requestDataFrame, requestFrame, requestRedraw } from './frames';

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

/** Past the data frames and paces of the tests before (the module's clock state outlives a test). */
const settle = () => {
  vi.advanceTimersByTime(5000);
  while (nextFrame());
};

/** The fake clock goes on from where the last test left it, as performance.now() never goes back (the module keeps its times). */
let clockAt = 0;

beforeEach(() => {
  queued = [];
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  vi.advanceTimersByTime(clockAt);
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queued.push(f));
});
afterEach(() => {
  // Every timer and frame the test left (the module's timers must not be dropped pending, or the next test never gets a data frame).
  for (let i = 0; i < 20 && (vi.getTimerCount() > 0 || queued.length); i++) {
    vi.runOnlyPendingTimers();
    while (nextFrame());
  }
  clockAt = performance.now() + 1000;
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
  it('draws a data frame over several frames when its painters outlast the budget, each painter once', () => {
    const log: string[] = [];
    // A painter that costs `ms` of the frame when it draws streamed data.
    const costly = (name: string, ms: number) => (_now: number, data: boolean) => {
      if (data) {
        log.push(name);
        vi.advanceTimersByTime(ms);
      }
      return false;
    };
    const removers = [addPainter(costly('curves', 1)), addPainter(costly('left', FRAME_BUDGET_MS + 4)), addPainter(costly('right', FRAME_BUDGET_MS + 4))];
    settle();
    log.length = 0;
    beforeDataFrame(() => {});
    vi.advanceTimersByTime(0);
    const frames: string[][] = [];
    while (queued.length) {
      const before = log.length;
      nextFrame();
      frames.push(log.slice(before));
    }
    // The cheap painter and the first scatter share a frame; the second scatter, over budget, has the next one.
    expect(frames).toEqual([['curves', 'left'], ['right']]);
    removers.forEach((r) => r());
  });

  it('gives a paced painter the stream at most once per pace, and the last of it when the stream stops', () => {
    const drawnAt: number[] = [];
    const remove = addPainter((_now, data) => (data && drawnAt.push(performance.now()), false), 1000);
    settle();
    drawnAt.length = 0;
    // Five data frames a second for 3 s.
    for (let t = 0; t < 3000; t += DATA_FRAME_MS) {
      beforeDataFrame(() => {});
      vi.advanceTimersByTime(DATA_FRAME_MS);
      nextFrame();
    }
    expect(drawnAt.length).toBeGreaterThanOrEqual(2);
    expect(drawnAt.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < drawnAt.length; i++) expect(drawnAt[i]! - drawnAt[i - 1]!).toBeGreaterThanOrEqual(1000);
    // The stream stops with data not yet drawn: it is drawn once due, with no data frame to carry it.
    const count = drawnAt.length;
    beforeDataFrame(() => {});
    vi.advanceTimersByTime(DATA_FRAME_MS);
    nextFrame();
    vi.advanceTimersByTime(1000 + DATA_FRAME_MS);
    while (nextFrame());
    expect(drawnAt.length).toBe(count + 1);
    // A user's action redraws it at once, pace or not.
    requestRedraw();
    nextFrame();
    expect(drawnAt.length).toBe(count + 2);
    remove();
  });
  it('paces flushes: at most one per pace in data frames, an urgent one in the next data frame, none lost', () => {
    const schedule = pacedFlush(500);
    settle();
    const at: number[] = [];
    const flush = () => at.push(performance.now());
    // A stream for 2 s: a flush asked for in every data frame.
    let pending = false;
    for (let t = 0; t < 2000; t += DATA_FRAME_MS) {
      if (!pending) {
        pending = true;
        schedule(() => ((pending = false), flush()), () => false);
      }
      vi.advanceTimersByTime(DATA_FRAME_MS);
      nextFrame();
    }
    expect(at.length).toBeGreaterThanOrEqual(3);
    expect(at.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(500);
    // The stream stops with a flush pending: it still comes.
    while (pending) {
      vi.advanceTimersByTime(DATA_FRAME_MS);
      nextFrame();
    }
    // Urgent, right after a flush: in the next data frame, not a pace later.
    const before = at.length;
    const asked = performance.now();
    schedule(flush, () => true);
    vi.advanceTimersByTime(DATA_FRAME_MS);
    nextFrame();
    expect(at.length).toBe(before + 1);
    expect(at.at(-1)! - asked).toBeLessThanOrEqual(DATA_FRAME_MS);
  });
});
