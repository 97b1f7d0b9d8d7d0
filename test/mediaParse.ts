/** Minimal readers of the exported animations, to check them in Node: GIF frames and size, WebM (EBML) frames and size. */

export interface Media {
  width: number;
  height: number;
  frames: number;
}

/** Walks the GIF block structure (GIF89a spec): counts image descriptors, decoding nothing. Throws on a malformed file. */
export function parseGif(b: Uint8Array): Media & { delaysMs: number[] } {
  const sig = String.fromCharCode(...b.subarray(0, 6));
  if (sig !== 'GIF89a' && sig !== 'GIF87a') throw new Error(`not a GIF: ${sig}`);
  const width = b[6]! | (b[7]! << 8), height = b[8]! | (b[9]! << 8);
  let p = 13;
  if (b[10]! & 0x80) p += 3 * (1 << ((b[10]! & 7) + 1));
  const skipSubBlocks = () => {
    while (b[p]! !== 0) p += b[p]! + 1;
    p++;
  };
  let frames = 0;
  const delaysMs: number[] = [];
  for (;;) {
    const tag = b[p++];
    if (tag === 0x3b) break;
    if (tag === 0x21) {
      const label = b[p++];
      if (label === 0xf9) delaysMs.push((b[p + 2]! | (b[p + 3]! << 8)) * 10);
      skipSubBlocks();
    } else if (tag === 0x2c) {
      const w = b[p + 4]! | (b[p + 5]! << 8), h = b[p + 6]! | (b[p + 7]! << 8);
      if (w !== width || h !== height) throw new Error(`frame ${frames} is ${w}×${h}`);
      const flags = b[p + 8]!;
      p += 9;
      if (flags & 0x80) p += 3 * (1 << ((flags & 7) + 1));
      p++; // LZW minimum code size
      skipSubBlocks();
      frames++;
    } else throw new Error(`bad GIF block 0x${(tag ?? 0).toString(16)} at ${p - 1}`);
    if (p > b.length) throw new Error('truncated GIF');
  }
  return { width, height, frames, delaysMs };
}

function vint(b: Uint8Array, p: number, keepMarker: boolean): { value: number; length: number } {
  const first = b[p]!;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[p + i]!;
  return { value, length };
}

const MASTER = new Set([0x18538067, 0x1f43b675, 0x1654ae6b, 0xae, 0xe0, 0xa0]); // Segment, Cluster, Tracks, TrackEntry, Video, BlockGroup

/** Walks the EBML tree: PixelWidth/PixelHeight from the track, one frame per SimpleBlock or Block. */
export function parseWebm(b: Uint8Array): Media & { codec: string } {
  if (b[0] !== 0x1a || b[1] !== 0x45 || b[2] !== 0xdf || b[3] !== 0xa3) throw new Error('not EBML');
  let width = 0, height = 0, frames = 0, codec = '';
  const walk = (start: number, end: number) => {
    let p = start;
    while (p < end) {
      const id = vint(b, p, true);
      const size = vint(b, p + id.length, false);
      const body = p + id.length + size.length;
      // An unknown size (all ones) runs to the end of the parent.
      const unknown = size.value === 2 ** (7 * size.length) - 1;
      const stop = unknown ? end : body + size.value;
      if (MASTER.has(id.value)) walk(body, stop);
      else if (id.value === 0xb0) width = readUint(b, body, size.value);
      else if (id.value === 0xba) height = readUint(b, body, size.value);
      else if (id.value === 0x86) codec = String.fromCharCode(...b.subarray(body, stop));
      else if (id.value === 0xa3 || id.value === 0xa1) frames++;
      p = stop;
    }
  };
  walk(0, b.length);
  return { width, height, frames, codec };
}

function readUint(b: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + b[p + i]!;
  return v;
}
