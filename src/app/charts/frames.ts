/**
 * One requestAnimationFrame loop for every canvas on the page, running only while something may have
 * changed, so that an idle page asks for no frames (a loop per chart polling every frame cost about 4% of a core).
 * A user's action (a gesture, a resize, a setting) calls requestFrame() and is drawn in the next frame; the worker's
 * stream calls requestDataFrame(), and everything it changed (the store, the scatters, the curves) is drawn together
 * in one data frame at most every DATA_FRAME_MS: separate paces for each drew in separate frames, each a commit and a
 * raster on the cores the training needs. A data frame's painters share a budget of FRAME_BUDGET_MS: past it, the rest
 * draw in the next frame, so that two scatters on a machine busy training never make one task over 50 ms. A painter
 * with a pace (the curves) draws streamed data at most that often, in a data frame. A painter that is mid-animation
 * asks for the next frame by returning true.
 */

/** Data frames are at least this far apart: five pictures a second, enough to see the features move. */
export const DATA_FRAME_MS = 200;

/** A data frame's painting time (JavaScript; the raster at the commit follows it): past it, the painters still owed it wait a frame. */
export const FRAME_BUDGET_MS = 6;

/** Draws if its inputs changed (new streamed data only when `data`); returns true to be called again in the next frame. */
export type Painter = (now: number, data: boolean) => boolean;

interface Entry {
  /** Streamed data at most this often (ms); 0: every data frame. */
  paceMs: number;
  /** When it last drew streamed data (performance.now()). */
  dataAt: number;
}

const painters = new Map<Painter, Entry>();
const beforeData: Array<() => void> = [];
let frame = 0;
let dataTimer: ReturnType<typeof setTimeout> | 0 = 0;
let paceTimer: ReturnType<typeof setTimeout> | 0 = 0;
let dataDue = false;
let lastDataAt = -Infinity;
/** Painters that have not yet drawn the latest data frame. */
const owed = new Set<Painter>();

/** Runs each of fns; one that throws is reported without stopping the others, or the clock. */
function each<T>(fns: T[], call: (fn: T) => void): void {
  for (const fn of fns) {
    try {
      call(fn);
    } catch (e) {
      reportError(e);
    }
  }
}

function run(now: number): void {
  frame = 0;
  const dataFrame = dataDue;
  dataDue = false;
  if (dataFrame) for (const p of painters.keys()) owed.add(p);
  const start = performance.now();
  let first = true;
  let again = false;
  each([...painters], ([paint, entry]) => {
    // The first owed painter always draws, so that every data frame is finished however slow the machine.
    const data = owed.has(paint) && start - entry.dataAt >= entry.paceMs && (first || performance.now() - start < FRAME_BUDGET_MS);
    if (data) {
      owed.delete(paint);
      entry.dataAt = start;
      first = false;
    }
    if (paint(now, data)) again = true;
  });
  // Owed painters: past the budget, in the next frame; waiting for their pace, in the first data frame once due, or alone if none comes.
  let wait = Infinity;
  for (const p of owed) {
    const e = painters.get(p)!;
    wait = Math.min(wait, Math.max(0, e.dataAt + e.paceMs - start));
  }
  if (again || wait === 0) requestFrame();
  if (paceTimer) clearTimeout(paceTimer);
  paceTimer =
    wait > 0 && wait < Infinity
      ? setTimeout(() => {
          paceTimer = 0;
          requestFrame();
        }, wait + DATA_FRAME_MS)
      : 0;
  // What arrived between the data frame's flush and the frame itself goes in the next one.
  if (dataFrame && beforeData.length) requestDataFrame();
}

/** Schedules one frame for every painter (at most one is pending at a time). */
export function requestFrame(): void {
  if (!frame) frame = requestAnimationFrame(run);
}

/** Schedules the next data frame: now if the last one is DATA_FRAME_MS old, else when it will be. */
export function requestDataFrame(): void {
  if (dataTimer || dataDue) return;
  const wait = Math.max(0, lastDataAt + DATA_FRAME_MS - performance.now());
  dataTimer = setTimeout(() => {
    dataTimer = 0;
    dataDue = true;
    lastDataAt = performance.now();
    requestFrame();
    // Before the frame, not in it: what the store changes is rendered by React in time for the same frame.
    each(beforeData.splice(0), (fn) => fn());
  }, wait);
}

/** A user's action changed what the stream's views show (a reset, a marker): they redraw in the next frame, whatever their pace. */
export function requestRedraw(): void {
  for (const e of painters.values()) e.dataAt = -Infinity;
  dataDue = true;
  requestFrame();
}

/** Runs fn just before the next data frame (the store's flush of the streamed messages). */
export function beforeDataFrame(fn: () => void): void {
  beforeData.push(fn);
  requestDataFrame();
}

/**
 * A scheduler of flushes before data frames, at most one every `paceMs` unless `urgent()` says the one pending must
 * go in the next data frame: the numbers a stream changes in the DOM (counters, losses) need no five renders a second.
 */
export function pacedFlush(paceMs: number): (fn: () => void, urgent: () => boolean) => void {
  let lastAt = -Infinity;
  const schedule = (fn: () => void, urgent: () => boolean): void =>
    beforeDataFrame(() => {
      if (!urgent() && performance.now() - lastAt < paceMs) return schedule(fn, urgent);
      lastAt = performance.now();
      fn();
    });
  return schedule;
}

/**
 * Registers a painter and schedules a frame for it; returns the function that removes it. With `paceMs`, it draws
 * streamed data at most that often (the latest, when due): curves over hundreds of steps need no five pictures a second.
 */
export function addPainter(paint: Painter, paceMs = 0): () => void {
  painters.set(paint, { paceMs, dataAt: -Infinity });
  requestFrame();
  return () => {
    painters.delete(paint);
    owed.delete(paint);
  };
}
