/** The bridge in Node: a fake worker that records what the page sends, a manual clock and frame queue. */
import { presetConfig, type RunConfig } from '../src/ml/config';
import type { DataSource, UiToWorker, WorkerToUi } from '../src/workers/protocol';
import type { DataSlot } from '../src/app/dataFiles';
import { connect, type BridgeDeps } from '../src/app/bridge';
import { memorySlot } from '../src/app/autosave/storage';
import { createAppStore } from '../src/app/store/appStore';
import { createViews } from '../src/app/views';

/** slot: the autosave's storage (default: empty, in memory); data: the dropped files kept, and where (default: none, in memory), or another scheduler of the store's flushes. */
export function bridgeHarness(config: RunConfig = presetConfig('fast', { variant: 'slim' }), slot = memorySlot(), data: { data?: DataSource; dataSlot?: DataSlot; schedule?: BridgeDeps['schedule'] } = {}) {
  let clock = 0;
  const frames: Array<() => void> = [];
  const sent: UiToWorker[] = [];
  let deliver: (m: WorkerToUi) => void = () => undefined;
  let crash: (message: string) => void = () => undefined;
  let clients = 0;
  let autosaveTick: () => void = () => undefined;
  let watchTick: () => void = () => undefined;
  const store = createAppStore(config);
  const views = createViews();
  const hashes: string[] = [];
  const actions = connect(store, views, {
    client: (onMessage, onCrash) => {
      deliver = onMessage;
      crash = onCrash;
      clients++;
      return { send: (m: UiToWorker) => sent.push(m), terminate: () => undefined } as never;
    },
    dataUrl: 'mnist/',
    now: () => clock,
    schedule: (fn) => frames.push(fn),
    writeHash: (h) => hashes.push(h),
    slot,
    autosaveTriggers: (fn) => (autosaveTick = fn),
    every: (fn) => (watchTick = fn),
    ...data,
  });
  const frame = () => frames.splice(0).forEach((f) => f());
  const recv = (...ms: WorkerToUi[]) => ms.forEach((m) => deliver(m));
  return {
    store,
    views,
    actions,
    sent,
    recv,
    frame,
    hashes,
    slot,
    tick: (ms: number) => (clock += ms),
    crash: (message: string) => crash(message),
    clients: () => clients,
    autosaveTick: () => autosaveTick(),
    /** One beat of the start-up watchdog (src/app/startup.ts). */
    watchTick: () => watchTick(),
  };
}
