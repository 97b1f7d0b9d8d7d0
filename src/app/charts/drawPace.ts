/** How often a scatter tweens: every frame is a canvas raster and upload on the cores the training needs (streamed data: ./frames.ts). */

/** A tween's frames are at least this far apart (about 30 fps). */
export const TWEEN_FRAME_MS = 33;
/** ...and at least this many times the last draw's own time apart, so that a dense scatter tweens in fewer, dearer frames. */
export const TWEEN_COST_RATIO = 10;

/** The least time (ms) between two frames of a tween whose last frame took drawMs to draw. */
export function tweenFrameMs(drawMs: number): number {
  return Math.max(TWEEN_FRAME_MS, Number.isFinite(drawMs) ? TWEEN_COST_RATIO * drawMs : 0);
}
