/// <reference lib="webworker" />
/** The training worker: wires the protocol to a Session. All tfjs work happens here, off the main thread. */
import './backends';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../ml/config';
import { httpFetcher, loadMnist } from '../ml/dataset';
import { messageChannelQueue } from './nextTask';
import { probeBrowser } from './probe';
import { transferables, type UiToWorker, type WorkerToUi } from './protocol';
import { Session } from './session';

declare const self: DedicatedWorkerGlobalScope;

interface DeviceLike {
  lost: Promise<{ message?: string; reason?: string }>;
}

function watchDevice(backend: BackendName, onLost: (reason: string) => void): boolean {
  if (backend !== 'webgpu') return false;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  if (!device) return false;
  void device.lost.then((info) => {
    // A device destroyed on purpose (a backend switch) reports the reason "destroyed".
    if (info.reason !== 'destroyed') onLost(info.message || info.reason || 'unknown reason');
  });
  return true;
}

const session = new Session({
  post: (msg: WorkerToUi) => self.postMessage(msg, transferables(msg)),
  probe: probeBrowser,
  loadData: (dataUrl) => loadMnist(httpFetcher(dataUrl)),
  now: () => performance.now(),
  watchDevice,
  nextTask: messageChannelQueue(),
});

self.addEventListener('message', (e: MessageEvent<UiToWorker>) => {
  void session.handle(e.data);
});
