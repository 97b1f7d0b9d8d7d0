/** The prepared data in public/mnist, read from disk for Node tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist, type FetchBytes, type LoadedMnist } from '../src/ml/dataset';
import { loadSoftmaxStart, type SoftmaxStart } from '../src/ml/softmaxStart';

export const MNIST_DIR = join(import.meta.dirname, '..', 'public', 'mnist');

export const diskFetcher =
  (dir = MNIST_DIR): FetchBytes =>
  async (path) => {
    const p = join(dir, path);
    return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
  };

let cached: Promise<LoadedMnist> | undefined;
export function loadPreparedMnist(): Promise<LoadedMnist> {
  cached ??= loadMnist(diskFetcher());
  return cached;
}

/** The quick lesson's shipped start (public/starts), read and checked as the worker does. */
export const STARTS_PATH = join(import.meta.dirname, '..', 'public', 'starts');
export const loadShippedStart = (): Promise<SoftmaxStart> => loadSoftmaxStart(diskFetcher(STARTS_PATH));
