/** GIF encoding of RGBA frames with gifenc: no DOM, so Node tests it. */
import { applyPalette, GIFEncoder, quantize } from 'gifenc';

/** 10 frames a second. */
export const FRAME_MS = 100;

/** An animated GIF, looping, one palette for every frame (the class colours don't change): taken from the last frame, where every colour is on screen. */
export function encodeGif(frames: readonly (Uint8Array | Uint8ClampedArray)[], width: number, height: number, delayMs = FRAME_MS): Uint8Array {
  const gif = GIFEncoder();
  const palette = quantize(frames[frames.length - 1]!, 256);
  frames.forEach((rgba, i) => gif.writeFrame(applyPalette(rgba, palette), width, height, i === 0 ? { palette, delay: delayMs, repeat: 0 } : { delay: delayMs }));
  gif.finish();
  return gif.bytes();
}

