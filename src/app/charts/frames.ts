/**
 * One requestAnimationFrame loop for every canvas on the page, running only while something may have
 * changed, so that an idle page asks for no frames (a loop per chart polling every frame cost about 4% of a core).
 * A user's action (a gesture, a resize, a setting) calls requestFrame() and is drawn in the next frame; the worker's
 * stream calls requestDataFrame(), and everything it changed (the store, the scatters, the curves) is drawn together
 * in one data frame at most every DATA_FRAME_MS: separate paces for each drew in separate frames, each a commit and a
 * raster on the cores the training needs. A painter that is mid-animation asks for the next frame by returning true.
 */

/** Data frames are at least this far apart: five pictures a second, enough to see the features move. */
export const DATA_FRAME_MS = 200;

/** Draws if its inputs changed (new streamed data only when `data`); returns true to be called again in the next frame. */
export type Painter = (now: number, data: boolean) => boolean;

const painters = new Set<Painter>();
const beforeData: Array<() => void> = [];
let frame = 0;
let dataTimer: ReturnType<typeof setTimeout> | 0 = 0;
let dataDue = false;
let lastDataAt = -Infinity;

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
  const data = dataDue;
  dataDue = false;
  let again = false;
  each([...painters], (paint) => {
    if (paint(now, data)) again = true;
  });
  if (again) requestFrame();
  // What arrived between the data frame's flush and the frame itself goes in the next one.
  if (data && beforeData.length) requestDataFrame();
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

/** A user's action changed what the stream's views show (a reset, a marker): they redraw in the next frame. */
export function requestRedraw(): void {
  dataDue = true;
  requestFrame();
}

/** Runs fn just before the next data frame (the store's flush of the streamed messages). */
export function beforeDataFrame(fn: () => void): void {
  beforeData.push(fn);
  requestDataFrame();
}

/** Registers a painter and schedules a frame for it; returns the function that removes it. */
export function addPainter(paint: Painter): () => void {
  painters.add(paint);
  requestFrame();
  return () => {
    painters.delete(paint);
  };
}
