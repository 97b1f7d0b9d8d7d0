/**
 * One requestAnimationFrame loop for every canvas on the page, running only while something may have
 * changed, so that an idle page asks for no frames (a loop per chart polling every frame cost about 4% of a core).
 * Whatever changes what a chart shows (a worker message, a resize, a zoom) calls requestFrame(),
 * and a painter that is mid-animation asks for the next frame by returning true.
 */

/** Draws if its inputs changed; returns true to be called again in the next frame. */
export type Painter = (now: number) => boolean;

const painters = new Set<Painter>();
let frame = 0;

function run(now: number): void {
  frame = 0;
  let again = false;
  for (const paint of [...painters]) if (paint(now)) again = true;
  if (again) requestFrame();
}

/** Schedules one frame for every painter (at most one is pending at a time). */
export function requestFrame(): void {
  if (!frame) frame = requestAnimationFrame(run);
}

/** Registers a painter and schedules a frame for it; returns the function that removes it. */
export function addPainter(paint: Painter): () => void {
  painters.add(paint);
  requestFrame();
  return () => {
    painters.delete(paint);
  };
}
