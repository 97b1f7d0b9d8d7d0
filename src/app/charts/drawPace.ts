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

/** How long (ms) new live data waits before it is drawn: 0 to draw it now. */
export function liveWait(now: number, lastLiveDrawAt: number): number {
  return Math.max(0, LIVE_DRAW_MS - (now - lastLiveDrawAt));
}
