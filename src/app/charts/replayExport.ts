/** The training replayed as an animation for a slide: frames composed like the PNG sheet, encoded to GIF (gifenc) or WebM (WebCodecs + webm-muxer). */
import * as d3 from 'd3';
import { ArrayBufferTarget, Muxer } from 'webm-muxer';
import type { Snapshot } from '../store/embedding';
import { snapshotAt, trailAt } from '../store/history';
import { TRAIL_LENGTH } from '../store/embedding';
import { drawEdgeAxes } from './axesDraw';
import { drawExportSheet, sheetLayout, type SheetInfo } from './exportSheet';
import { DEFAULT_SCATTER_STYLE, drawScatter, extent } from './scatterDraw';
import { fillDomain, unionDomain } from './spread';

/** A 16:9 slide. */
export const SLIDE = { width: 1280, height: 720 } as const;
import { FRAME_MS } from './gif';

export interface ReplayRun {
  title: string;
  snaps: readonly Snapshot[];
  labels: Uint8Array;
}

/** Panel size so that the sheet (header, titles, panels, legend) is exactly the slide. */
export function slidePanelSize(runs: number, info: Pick<SheetInfo, 'heldOut' | 'subtitle'>): { width: number; height: number } {
  const width = Math.floor((SLIDE.width - 32 - 16 * (runs - 1)) / runs);
  const chrome = sheetLayout(Array.from({ length: runs }, () => ({ width, height: 0, title: 'x' })), info).height;
  return { width, height: SLIDE.height - chrome };
}

/** The steps to replay: every snapshot the first run kept (the runs train in lockstep). */
export const replaySteps = (runs: readonly ReplayRun[]): number[] => runs[0]?.snaps.map((s) => s.step) ?? [];

/** Draws the frame at `step` onto `out` (SLIDE size): each run's snapshot at one shared scale, under its title, with the step and the legend. */
export function drawReplayFrame(out: HTMLCanvasElement, panels: HTMLCanvasElement[], runs: readonly ReplayRun[], step: number, info: { heldOut: number | null; subtitle: string }): void {
  const size = slidePanelSize(runs.length, info);
  const snaps = runs.map((r) => snapshotAt(r.snaps, step)!);
  const domain = unionDomain(snaps.map((s) => extent(s.features, s.centers))) ?? [[-1, 1], [-1, 1]];
  const margin = { left: 44, bottom: 29, top: 8, right: 8 };
  const w = size.width - margin.left - margin.right, h = size.height - margin.top - margin.bottom;
  const [fx, fy] = fillDomain(domain, w, h);
  const x = d3.scaleLinear().domain(fx).range([margin.left, margin.left + w]);
  const y = d3.scaleLinear().domain(fy).range([margin.top + h, margin.top]);
  runs.forEach((r, k) => {
    const c = panels[k]!;
    c.width = size.width;
    c.height = size.height;
    const ctx = c.getContext('2d')!;
    const s = snaps[k]!;
    const i = r.snaps.indexOf(s);
    drawScatter(ctx, { xy: s.features, labels: r.labels, centers: s.centers, trail: trailAt(r.snaps, i, TRAIL_LENGTH), isolated: null, heldOut: info.heldOut }, { x, y }, { ...size, dpr: 1 }, {
      plot: { left: margin.left, top: margin.top, width: w, height: h },
      style: DEFAULT_SCATTER_STYLE,
    });
    drawEdgeAxes(ctx, x, y, { ...size, margin }, 12);
  });
  out.width = SLIDE.width;
  out.height = SLIDE.height;
  const sheet = runs.map((r, k) => ({ image: panels[k]!, width: size.width, height: size.height, title: r.title }));
  drawExportSheet(out.getContext('2d')!, sheet, { step: snaps[0]!.step, heldOut: info.heldOut, subtitle: info.subtitle }, { ...SLIDE, dpr: 1 });
}

/** What this browser can do for a WebM: 'unknown' until asked (asking starts the media stack, which can crash a page: WebKitGTK). */
export type WebmSupport = 'unknown' | 'yes' | 'no-webcodecs' | 'no-vp8' | 'crashed';

/** Set while the encoder is asked: found still set at the next load, the question crashed the page (WebKitGTK 2.50, issue 21). */
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
