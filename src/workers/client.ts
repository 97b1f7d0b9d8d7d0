/** The page's side of the worker bridge: one worker, one listener, typed messages. */
import type { UiToWorker, WorkerToUi } from './protocol';

export interface WorkerClient {
  send(msg: UiToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

export function createWorkerClient(onMessage: (msg: WorkerToUi) => void, onCrash: (message: string) => void): WorkerClient {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  worker.addEventListener('message', (e: MessageEvent<WorkerToUi>) => onMessage(e.data));
  worker.addEventListener('error', (e) => onCrash(e.message || 'the training worker failed to start'));
  return {
    send: (msg, transfer = []) => worker.postMessage(msg, transfer),
    terminate: () => worker.terminate(),
  };
}
