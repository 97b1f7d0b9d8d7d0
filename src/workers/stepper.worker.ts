/// <reference lib="webworker" />
/** A stepper: one run's training steps on its own wasm threads, so that the runs of a comparison train side by side on the machine's cores (./steppers.ts). */
import './backends';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { activateBackend } from '../ml/backend';
import { WASM_POOL_OVERRIDE } from '../ml/threads';
import { StepHost } from './stepHost';
import { stepperTransferables, type SessionToStepper, type StepperToSession, type WasmBuild } from './stepperProtocol';

declare const self: DedicatedWorkerGlobalScope;

const host = new StepHost();
let queue: Promise<void> = Promise.resolve();

/** The threaded build, even for one thread, trained about a tenth faster than the single-threaded one (bench/README.md); its pool is as many workers as threads. */
async function setup(threads: number, build: WasmBuild): Promise<void> {
  if (build === 'single') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else {
    (self as unknown as Record<string, number>)[WASM_POOL_OVERRIDE] = threads;
    setThreadsCount(threads);
  }
  await activateBackend('wasm');
}

/** Why the backend did not start, if it did not: every request is then answered with it. */
let broken: string | null = null;

async function handle(msg: SessionToStepper): Promise<void> {
  if (msg.type === 'setup') {
    try {
      await setup(msg.threads, msg.build);
    } catch (e) {
      broken = e instanceof Error ? e.message : String(e);
      return self.postMessage({ type: 'started', error: broken } satisfies StepperToSession);
    }
  }
  const reply = broken !== null && msg.type === 'steps' ? ({ type: 'failed', seq: msg.seq, detail: broken } as const) : await host.handle(msg);
  if (reply) self.postMessage(reply, stepperTransferables(reply));
}

// In order: the backend before the data, the data before the steps.
self.addEventListener('message', (e: MessageEvent<SessionToStepper>) => {
  const msg = e.data;
  // A message that fails is answered in words; the queue goes on with the next.
  queue = queue
    .then(() => handle(msg))
    .catch((err: unknown) => {
      if (msg.type === 'steps') self.postMessage({ type: 'failed', seq: msg.seq, detail: err instanceof Error ? err.message : String(err) } satisfies StepperToSession);
    });
});
