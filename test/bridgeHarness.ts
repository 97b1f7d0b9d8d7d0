/** The bridge in Node: a fake worker that records what the page sends, a manual clock and frame queue. */
import { presetConfig, type RunConfig } from '../src/ml/config';
import type { UiToWorker, WorkerToUi } from '../src/workers/protocol';
import { connect } from '../src/app/bridge';
import { createAppStore } from '../src/app/store/appStore';
import { createViews } from '../src/app/views';

export function bridgeHarness(config: RunConfig = presetConfig('fast', { variant: 'slim' })) {
  let clock = 0;
  const frames: Array<() => void> = [];
  const sent: UiToWorker[] = [];
  let deliver: (m: WorkerToUi) => void = () => undefined;
  const store = createAppStore(config);
  const views = createViews();
  const hashes: string[] = [];
  const actions = connect(store, views, {
    client: (onMessage) => {
      deliver = onMessage;
      return { send: (m: UiToWorker) => sent.push(m), terminate: () => undefined } as never;
    },
    dataUrl: 'mnist/',
    now: () => clock,
    schedule: (fn) => frames.push(fn),
    writeHash: (h) => hashes.push(h),
  });
  const frame = () => frames.splice(0).forEach((f) => f());
  const recv = (...ms: WorkerToUi[]) => ms.forEach((m) => deliver(m));
  return { store, views, actions, sent, recv, frame, hashes, tick: (ms: number) => (clock += ms) };
}
