/** The wall-clock training rate: images trained over elapsed time, in a sliding window, pauses excluded. */

export interface RateWindow {
  /** [time in ms, images trained since the window opened], oldest first. */
  samples: Array<[number, number]>;
}

/** Long enough to smooth the reports' jitter, short enough to follow a batch-size change. */
export const RATE_WINDOW_MS = 10_000;

export const emptyRate = (): RateWindow => ({ samples: [] });

/** Training (re)starts: the clock starts now, with nothing trained yet. */
export const openRate = (now: number): RateWindow => ({ samples: [[now, 0]] });

/** `images` more were trained by `now`. Samples older than the window are dropped, but one is kept before it. */
export function addImages(w: RateWindow, now: number, images: number): RateWindow {
  if (w.samples.length === 0) return w;
  const total = w.samples[w.samples.length - 1]![1] + images;
  const samples = [...w.samples, [now, total] as [number, number]];
  while (samples.length > 2 && samples[1]![0] <= now - RATE_WINDOW_MS) samples.shift();
  return { samples };
}

/** Images per second over the window, or null before the first report. */
export function imagesPerSecond(w: RateWindow): number | null {
  if (w.samples.length < 2) return null;
  const [t0, n0] = w.samples[0]!;
  const [t1, n1] = w.samples[w.samples.length - 1]!;
  return t1 > t0 ? ((n1 - n0) / (t1 - t0)) * 1000 : null;
}
