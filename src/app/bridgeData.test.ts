/** The bridge and the data: dropped files go to the worker, are kept only once it has loaded them, and travel with every later init. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetConfig } from '../ml/config';
import { MNIST, type DatasetSpec } from '../ml/datasetSpec';
import type { DatasetInfo, UiToWorker, WorkerToUi } from '../workers/protocol';
import { bridgeHarness } from '../../test/bridgeHarness';
import { memorySlot } from './autosave/storage';
import { memoryDataSlot, type FilesSource } from './dataFiles';
import { specOf } from './store/datasetOf';

const config = presetConfig('fast', { variant: 'slim', hyper: { batchSize: 8 } });
const FASHION: DatasetSpec = { ...MNIST, id: 'fashion-mnist', name: 'Fashion-MNIST', classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'], source: 'files' };
const info = (spec: DatasetSpec): DatasetInfo => ({ spec, trainCount: 60000, testCount: 10000, trainClassCounts: [], testClassCounts: [], bytes: 1, loadMs: 1, samplePixels: new Uint8Array(0), sampleLabels: new Uint8Array(0) });
const files = (): FilesSource['files'] => ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((name, i) => ({ name, bytes: new Uint8Array([i]).buffer }));
const inits = (sent: UiToWorker[]) => sent.filter((m): m is Extract<UiToWorker, { type: 'init' }> => m.type === 'init');
const lastSetDataset = (sent: UiToWorker[]) => sent.filter((m): m is Extract<UiToWorker, { type: 'setDataset' }> => m.type === 'setDataset').at(-1)!;

beforeEach(() => vi.stubGlobal('requestAnimationFrame', () => 1));
afterEach(() => vi.unstubAllGlobals());

describe('the bridge and dropped files', () => {
  it('keeps the files only once the worker has loaded them, and sends them in every init after', async () => {
    const dataSlot = memoryDataSlot();
    const h = bridgeHarness(config, memorySlot(), { dataSlot });
    expect(inits(h.sent)[0]!.data).toEqual({ kind: 'bundled' });
    h.recv({ type: 'dataset', info: info(MNIST) });
    h.actions.setDataset(files());
    const req = lastSetDataset(h.sent);
    expect(req.data.kind).toBe('files');
    expect(h.store.getState().datasetRequest).toMatchObject({ status: 'checking', files: files().map((f) => f.name) });
    // Not kept before the worker says the files are good.
    expect(dataSlot.value).toBeNull();
    h.recv({ type: 'dataset', info: info(FASHION) });
    h.frame();
    await Promise.resolve();
    expect(specOf(h.store.getState()).name).toBe('Fashion-MNIST');
    expect(h.store.getState().datasetRequest).toBeNull();
    expect(dataSlot.value?.files.map((f) => f.name)).toEqual(files().map((f) => f.name));
    // A crashed worker's replacement loads the same files.
    h.crash('boom');
    expect(inits(h.sent)).toHaveLength(2);
    expect(inits(h.sent)[1]!.data).toEqual(req.data);
  });

  it('a refused set takes down an earlier error banner, which would read as being about these files', () => {
    const h = bridgeHarness(config, memorySlot(), { dataSlot: memoryDataSlot() });
    h.recv({ type: 'dataset', info: info(MNIST) });
    h.recv({ type: 'error', code: 'invalid-file', detail: 'model.numClasses: must equal 10', requestId: 999 });
    h.frame();
    expect(h.store.getState().notices.filter((n) => n.kind === 'error')).toHaveLength(1);
    h.actions.setDataset(files());
    const { id } = lastSetDataset(h.sent);
    h.recv({ type: 'error', code: 'data', detail: 'train-images-idx3-ubyte.gz: wrong magic number', requestId: id });
    h.frame();
    expect(h.store.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
    expect(h.store.getState().datasetRequest).toMatchObject({ status: 'failed', message: 'train-images-idx3-ubyte.gz: wrong magic number' });
  });

  it('a refused set leaves the data and the run on screen, with the message beside the file it names', () => {
    const dataSlot = memoryDataSlot();
    const h = bridgeHarness(config, memorySlot(), { dataSlot });
    h.recv({ type: 'dataset', info: info(MNIST) });
    h.frame();
    h.actions.setDataset(files());
    const { id } = lastSetDataset(h.sent);
    const fault: WorkerToUi = { type: 'error', code: 'data', detail: 't10k-labels-idx1-ubyte.gz: has 9 labels but t10k-images-idx3-ubyte.gz has 20 images', requestId: id };
    h.recv(fault);
    h.frame();
    const s = h.store.getState();
    expect(s.dataError).toBeNull();
    expect(specOf(s).id).toBe('mnist');
    expect(s.datasetRequest).toMatchObject({ status: 'failed', message: fault.detail });
    expect(dataSlot.value).toBeNull();
    h.crash('boom');
    expect(inits(h.sent).at(-1)!.data).toEqual({ kind: 'bundled' });
  });

  it('starts on the files kept from an earlier visit; Use MNIST forgets them once MNIST is loaded', async () => {
    const kept: FilesSource = { kind: 'files', files: files(), classNames: ['a', 'b'] };
    const dataSlot = memoryDataSlot(kept);
    const h = bridgeHarness(config, memorySlot(), { data: kept, dataSlot });
    expect(inits(h.sent)[0]!.data).toEqual(kept);
    h.recv({ type: 'dataset', info: info(FASHION) });
    h.actions.useMnist();
    expect(lastSetDataset(h.sent).data).toEqual({ kind: 'bundled' });
    h.recv({ type: 'dataset', info: info(MNIST) });
    await Promise.resolve();
    expect(dataSlot.value).toBeNull();
  });

  it('renamed classes go to the worker and are kept with the files', async () => {
    const kept: FilesSource = { kind: 'files', files: files() };
    const dataSlot = memoryDataSlot(kept);
    const h = bridgeHarness(config, memorySlot(), { data: kept, dataSlot });
    h.actions.setClassNames(['circle', 'square']);
    expect(h.sent.at(-1)).toEqual({ type: 'setClassNames', names: ['circle', 'square'] });
    await Promise.resolve();
    expect(dataSlot.value?.classNames).toEqual(['circle', 'square']);
    h.crash('boom');
    expect(inits(h.sent).at(-1)!.data).toMatchObject({ kind: 'files', classNames: ['circle', 'square'] });
  });

  it('kept files that no longer load: Use MNIST starts a fresh worker on MNIST and forgets them', async () => {
    const kept: FilesSource = { kind: 'files', files: files() };
    const dataSlot = memoryDataSlot(kept);
    const h = bridgeHarness(config, memorySlot(), { data: kept, dataSlot });
    h.recv({ type: 'error', code: 'data', detail: 'train-images-idx3-ubyte.gz: is gzipped but could not be decompressed' });
    h.frame();
    expect(h.store.getState().dataError).not.toBeNull();
    h.actions.useMnist();
    expect(h.clients()).toBe(2);
    expect(inits(h.sent).at(-1)!.data).toEqual({ kind: 'bundled' });
    expect(h.store.getState().dataError).toBeNull();
    await Promise.resolve();
    expect(dataSlot.value).toBeNull();
  });
});

describe('transposed images (EMNIST)', () => {
  it('the switch sends the same files turned, and they are kept turned once the worker has loaded them', async () => {
    const dataSlot = memoryDataSlot();
    const h = bridgeHarness(config, memorySlot(), { dataSlot });
    h.recv({ type: 'dataset', info: info(MNIST) });
    h.actions.setDataset(files());
    h.recv({ type: 'dataset', info: info(FASHION) });
    h.frame();
    await Promise.resolve();
    h.actions.setTransposed(true);
    const req = lastSetDataset(h.sent);
    expect(req.data).toMatchObject({ kind: 'files', transposed: true });
    expect(req.data.kind === 'files' && req.data.files.map((f) => f.name)).toEqual(files().map((f) => f.name));
    h.recv({ type: 'dataset', info: info({ ...FASHION, id: 'fashion-mnist-transposed', transposed: true }) });
    h.frame();
    await Promise.resolve();
    expect(dataSlot.value).toMatchObject({ kind: 'files', transposed: true });
    // A restarted worker loads them turned too.
    h.crash('boom');
    expect(inits(h.sent).at(-1)!.data).toMatchObject({ kind: 'files', transposed: true });
  });
});
