/// <reference lib="webworker" />
/** The browser side of the kernel A/B: the app's worker setup (thread pool included), then abRun. */
import '../../../src/workers/backends';
import { activateBackend } from '../../../src/ml/backend';
import { abRun, type AbRequest } from './abRun';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (e: MessageEvent<AbRequest>) => {
  void activateBackend('wasm')
    .then(() => abRun(e.data))
    .then(
      (result) => self.postMessage(result),
      (err: unknown) => self.postMessage({ error: String(err) }),
    );
});
