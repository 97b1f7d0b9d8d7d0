/** How often a scatter redraws while training: every draw is a canvas raster and upload on the cores the training needs. */

/** New live training digits are drawn at most this often: about five new pictures a second, enough to see them move. */
export const LIVE_DRAW_MS = 180;
/** A tween's frames are at least this far apart (about 30 fps). */
export const TWEEN_FRAME_MS = 33;
/** ...and at least this many times the last draw's own time apart, so that a dense scatter tweens in fewer, dearer frames. */
export const TWEEN_COST_RATIO = 10;

/** The least time (ms) between two frames of a tween whose last frame took drawMs to draw. */
export function tweenFrameMs(drawMs: number): number {
  return Math.max(TWEEN_FRAME_MS, Number.isFinite(drawMs) ? TWEEN_COST_RATIO * drawMs : 0);
}

/** The loss and accuracy charts redraw at most this often: a curve needs no more than four new points a second to be seen growing. */
export const CHART_DRAW_MS = 250;

/** The store (and so React, layout and paint) takes the worker's messages at most this often while they stream in; a user's action applies at once. */
export const STORE_FLUSH_MS = 200;

/** How long (ms) new data waits before it is drawn, at most one draw per intervalMs: 0 to draw it now. */
export function paceWait(now: number, lastDrawAt: number, intervalMs: number): number {
  return Math.max(0, intervalMs - (now - lastDrawAt));
}

/** How long (ms) new live digits wait before they are drawn: 0 to draw them now. */
export const liveWait = (now: number, lastLiveDrawAt: number): number => paceWait(now, lastLiveDrawAt, LIVE_DRAW_MS);
