/** The quick lesson's start: a network trained with softmax alone, shipped with the app (public/starts/), checked against its manifest. No DOM. */
import { z } from 'zod';
import { sha256Hex, type FetchBytes } from './dataset';
import { MNIST } from './datasetSpec';
import { parseWeightsFile, type ImportedWeights } from './weights';

/** Where the shipped start lives, relative to the app's root. */
export const STARTS_DIR = 'starts/';
export const START_MANIFEST = 'manifest.json';

const startManifestSchema = z.object({
  file: z.string().regex(/^[\w.-]+\.json$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The command that made it, from the project root. */
  command: z.string(),
  /** What the start is, in a sentence for the screen. */
  about: z.string(),
});
export type StartManifest = z.infer<typeof startManifestSchema>;

export interface SoftmaxStart {
  manifest: StartManifest;
  /** A center-loss file: it has centers. */
  weights: ImportedWeights & { centers: Float32Array };
}

/** Loads the start named by the manifest and checks its digest and its format; throws an Error that says which file failed. */
export async function loadSoftmaxStart(fetchBytes: FetchBytes): Promise<SoftmaxStart> {
  const mBytes = await fetchBytes(START_MANIFEST);
  if (!mBytes) throw new Error(`${STARTS_DIR}${START_MANIFEST} is missing`);
  const m = startManifestSchema.safeParse(JSON.parse(new TextDecoder().decode(mBytes)));
  if (!m.success) throw new Error(`${STARTS_DIR}${START_MANIFEST} is not a start manifest`);
  const bytes = await fetchBytes(m.data.file);
  if (!bytes) throw new Error(`${STARTS_DIR}${m.data.file} is missing`);
  if ((await sha256Hex(bytes)) !== m.data.sha256) throw new Error(`${STARTS_DIR}${m.data.file} does not match its checksum`);
  // The shipped start was trained on MNIST, the one dataset the quick lesson has.
  const parsed = parseWeightsFile(new TextDecoder().decode(bytes), MNIST);
  if (!parsed.ok) throw new Error(`${STARTS_DIR}${m.data.file}: ${parsed.error}`);
  const { centers } = parsed.value;
  if (!centers) throw new Error(`${STARTS_DIR}${m.data.file} has no centers: the quick lesson starts center loss from them`);
  return { manifest: m.data, weights: { ...parsed.value, centers } };
}

/**
 * The quick lesson's centers start at this fraction of the class means: small starting centers let center loss draw each class in
 * without first shrinking the whole picture (half the steps of the means themselves, PyTorch, seeds 1-3), and keep the classes' layout.
 */
export const QUICK_CENTER_SCALE = 0.25;

export const quickCenters = (w: { centers: Float32Array }): Float32Array => w.centers.map((c) => c * QUICK_CENTER_SCALE);

/** Each class's mean feature (n × dim features, their labels): centers that start where the classes already are. */
export function classMeans(features: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number, dim: number): Float32Array {
  const sums = new Float64Array(numClasses * dim);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    counts[y]!++;
    for (let k = 0; k < dim; k++) sums[y * dim + k]! += features[i * dim + k]!;
  }
  return Float32Array.from(sums, (s, j) => (counts[Math.floor(j / dim)]! > 0 ? s / counts[Math.floor(j / dim)]! : 0));
}
