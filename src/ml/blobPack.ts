/** Trees of Float32Arrays packed into one Blob and back. No DOM: Blob exists in workers, pages and Node. */

/** A Float32Array stored as a slice of the record's one Blob: [byte offset, length]. */
interface Slice {
  f32: [number, number];
}

/** A tree whose Float32Arrays live in one Blob: cloned (to a worker, into IndexedDB) as a handle, not as megabytes. */
export interface Packed {
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

/** Every Float32Array of the tree goes into one Blob, in order; the tree keeps [byte offset, length] in its place. */
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
  return { blob: new Blob(parts as BlobPart[]), value };
}

/** The tree back, its arrays views of one buffer; anything that is not a Packed is returned as it is (a check then refuses it). */
export async function unpack(stored: unknown): Promise<unknown> {
  const p = stored as Partial<Packed> | undefined;
  if (!p || !(p.blob instanceof Blob)) return stored;
  const buffer = await p.blob.arrayBuffer();
  return mapTree(p.value, (x) => (isSlice(x) ? new Float32Array(buffer, x.f32[0], x.f32[1]) : undefined));
}
