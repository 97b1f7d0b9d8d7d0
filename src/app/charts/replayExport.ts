/** The training replayed as an animation for a slide: frames composed like the PNG sheet, encoded to GIF (gifenc) or WebM (WebCodecs + webm-muxer). */
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import type { Snapshot } from '../store/embedding';
import { snapshotAt, trailAt } from '../store/history';
import { TRAIL_LENGTH } from '../store/embedding';
import { FRAME_MS } from './gif';
import { drawSlide, SLIDE, type SlideInfo } from './slide';

export interface ReplayRun {
  title: string;
  name: string;
  snaps: readonly Snapshot[];
  labels: Uint8Array;
}

/** The steps to replay: every snapshot the first run kept (the runs train in lockstep). */
export const replaySteps = (runs: readonly ReplayRun[]): number[] => runs[0]?.snaps.map((s) => s.step) ?? [];

/** Draws the frame at `step` onto `out` (SLIDE size), composed like the PNG: each run's snapshot under its title, with the step and the legend. */
export function drawReplayFrame(out: HTMLCanvasElement, panels: HTMLCanvasElement[], runs: readonly ReplayRun[], step: number, info: SlideInfo): void {
  const slideRuns = runs.map((r) => {
    const snap = snapshotAt(r.snaps, step)!;
    return { title: r.title, name: r.name, snap, trail: trailAt(r.snaps, r.snaps.indexOf(snap), TRAIL_LENGTH), labels: r.labels };
  });
  drawSlide(out, panels, slideRuns, info);
}

/** What this browser can do for a WebM: 'unknown' until asked (asking starts the media stack, which can crash a page: WebKitGTK). */
export type WebmSupport = 'unknown' | 'yes' | 'no-webcodecs' | 'no-vp8' | 'crashed';

/** Set while the encoder is asked: found still set at the next load, the question crashed the page (WebKitGTK 2.50). */
export const WEBM_ASKING_KEY = 'center-loss-lab:webm-asking';

/** Where the key lives; null where storage is off (the question is then asked each visit). */
type Memo = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
const memo = (): Memo => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

/** Known without touching the media stack: whether WebCodecs exists, and whether asking crashed this browser before. */
export function webmSupportAtStart(store: Memo = memo()): WebmSupport {
  if (typeof VideoEncoder === 'undefined') return 'no-webcodecs';
  return store?.getItem(WEBM_ASKING_KEY) ? 'crashed' : 'unknown';
}

/** Asks the encoder (call only when a video is asked for): whether it can encode VP8 at the slide's size. */
export async function probeWebm(store: Memo = memo()): Promise<WebmSupport> {
  if (typeof VideoEncoder === 'undefined') return 'no-webcodecs';
  store?.setItem(WEBM_ASKING_KEY, String(Date.now()));
  try {
    const s = await VideoEncoder.isConfigSupported({ codec: 'vp8', width: SLIDE.width, height: SLIDE.height, bitrate: 2_000_000, framerate: 1000 / FRAME_MS });
    return s.supported === true ? 'yes' : 'no-vp8';
  } finally {
    // Still here: the question did not take the page down.
    store?.removeItem(WEBM_ASKING_KEY);
  }
}

/** Why the WebM button is off, in the button's tooltip and the note. */
export const webmMissing: Record<Exclude<WebmSupport, 'unknown' | 'yes'>, string> = {
  'no-webcodecs': 'This browser has no WebCodecs video encoder, so it cannot write a WebM: use Export GIF.',
  'no-vp8': 'This browser\u2019s WebCodecs cannot encode VP8 at 1280×720, so it cannot write a WebM: use Export GIF.',
  crashed: 'This browser closed the page when asked for a VP8 encoder, so WebM is off here: use Export GIF.',
};

/** A WebM (VP8) of the frames: draw(i) paints frame i onto canvas, which is then encoded. */
export async function encodeWebm(canvas: HTMLCanvasElement, count: number, draw: (i: number) => void, frameMs = FRAME_MS): Promise<Uint8Array> {
  const muxer = new Muxer({ target: new ArrayBufferTarget(), video: { codec: 'V_VP8', width: SLIDE.width, height: SLIDE.height, frameRate: 1000 / frameMs } });
  let failure: unknown = null;
  const encoder = new VideoEncoder({ output: (chunk, meta) => muxer.addVideoChunk(chunk, meta), error: (e) => (failure = e) });
  encoder.configure({ codec: 'vp8', width: SLIDE.width, height: SLIDE.height, bitrate: 2_000_000, framerate: 1000 / frameMs });
  for (let i = 0; i < count; i++) {
    draw(i);
    const frame = new VideoFrame(canvas, { timestamp: i * frameMs * 1000, duration: frameMs * 1000 });
    // A key frame every 3 s, so a player can seek.
    encoder.encode(frame, { keyFrame: i % 30 === 0 });
    frame.close();
    // Keep the encoder's queue short: frames are 3.7 MB each.
    if (encoder.encodeQueueSize > 4) await new Promise<void>((r) => encoder.addEventListener('dequeue', () => r(), { once: true }));
  }
  await encoder.flush();
  encoder.close();
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  muxer.finalize();
  return new Uint8Array(muxer.target.buffer);
}
