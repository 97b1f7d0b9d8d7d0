/** Trees of Float32Arrays packed into one ArrayBuffer and back. No DOM. */

/** A Float32Array stored as a slice of the record's one buffer: [byte offset, length]. */
interface Slice {
  f32: [number, number];
}

/**
 * A tree whose Float32Arrays live in one ArrayBuffer: transferred to the page, not copied. An ArrayBuffer, not a
 * Blob: WebKit refuses Blobs in IndexedDB ("Error preparing Blob/File data to be stored in object store").
 */
export interface Packed {
  buffer: ArrayBuffer;
  value: unknown;
}

/** How saves written before packing hold their arrays (Chromium and Firefox still have some in IndexedDB). */
interface LegacyPacked {
  blob: Blob;
  value: unknown;
}

const isSlice = (v: unknown): v is Slice => typeof v === 'object' && v !== null && Array.isArray((v as Slice).f32) && Object.keys(v).length === 1;

function mapTree(v: unknown, leaf: (x: unknown) => unknown | undefined): unknown {
  const mapped = leaf(v);
  if (mapped !== undefined) return mapped;
  if (Array.isArray(v)) return typeof v[0] === 'number' ? v : v.map((x) => mapTree(x, leaf));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTree(x, leaf)]));
  return v;
}

/** Every Float32Array of the tree goes into one buffer, in order; the tree keeps [byte offset, length] in its place. */
export function pack(record: unknown): Packed {
  const parts: Float32Array[] = [];
  let offset = 0;
  const value = mapTree(record, (x) => {
    if (!(x instanceof Float32Array)) return undefined;
    parts.push(x);
    const slice: Slice = { f32: [offset, x.length] };
    offset += x.byteLength;
    return slice;
  });
  const buffer = new ArrayBuffer(offset);
  const bytes = new Uint8Array(buffer);
  let at = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return { buffer, value };
}

/** Whether x is a Packed (or an older save, with a Blob). */
export const isPacked = (x: unknown): x is Packed | LegacyPacked =>
  typeof x === 'object' && x !== null && 'value' in x && ((x as Packed).buffer instanceof ArrayBuffer || (typeof Blob !== 'undefined' && (x as LegacyPacked).blob instanceof Blob));

/** The tree back, its arrays views of one buffer; anything that is not a Packed is returned as it is (a check then refuses it). */
export async function unpack(stored: unknown): Promise<unknown> {
  if (!isPacked(stored)) return stored;
  const buffer = 'buffer' in stored ? stored.buffer : await stored.blob.arrayBuffer();
  return mapTree(stored.value, (x) => (isSlice(x) ? new Float32Array(buffer, x.f32[0], x.f32[1]) : undefined));
}
