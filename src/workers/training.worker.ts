/// <reference lib="webworker" />
/** The training worker: wires the protocol to a Session. All tfjs work happens here, off the main thread. */
import './backends';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../ml/config';
import { httpFetcher, loadMnist } from '../ml/dataset';
import { loadSoftmaxStart, STARTS_DIR } from '../ml/softmaxStart';
import { messageChannelQueue } from './nextTask';
import { probeBrowser } from './probe';
import { transferables, type FaultKind, type UiToWorker, type WorkerToUi } from './protocol';
import { Session } from './session';
import type { StepperPort } from './steppers';
import type { StepperToSession } from './stepperProtocol';

declare const self: DedicatedWorkerGlobalScope;

interface DeviceLike {
  lost: Promise<{ message?: string; reason?: string }>;
}

/** The active backend's WebGL context, where it has one. */
function glContext(): WebGL2RenderingContext | undefined {
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
}

/** The watched backend's loss, simulated where the browser cannot lose it on demand. */
let simulateLoss: (() => void) | null = null;

function watchDevice(backend: BackendName, onLost: (reason: string) => void): boolean {
  simulateLoss = null;
  let lost = false;
  const once = (reason: string) => {
    if (lost) return;
    lost = true;
    onLost(reason);
  };
  if (backend === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
    if (!device) return false;
    void device.lost.then((info) => {
      // A device destroyed on purpose (a backend switch) reports the reason "destroyed".
      if (info.reason !== 'destroyed') once(info.message || info.reason || 'unknown reason');
    });
    simulateLoss = () => once('simulated');
    return true;
  }
  if (backend === 'webgl') {
    const gl = glContext();
    const canvas = (gl as unknown as { canvas?: OffscreenCanvas } | undefined)?.canvas;
    if (!gl || !canvas) return false;
    canvas.addEventListener('webglcontextlost', (e) => {
      // Without preventDefault the context could never be restored; this session moves on to the next backend anyway.
      e.preventDefault();
      once('the WebGL context was lost');
    });
    simulateLoss = () => gl.getExtension('WEBGL_lose_context')?.loseContext();
    return true;
  }
  return false;
}

function fault(kind: FaultKind): void {
  switch (kind) {
    case 'device-lost':
      simulateLoss?.();
      return;
    case 'crash':
      // Thrown outside any promise: the page sees the worker's error event, as with a real crash.
      setTimeout(() => {
        throw new Error('simulated crash');
      });
      return;
    default: {
      const never: never = kind;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}

/** A stepper worker, nested in this one (as wasm's own threads are). */
function spawnStepper(): StepperPort {
  const worker = new Worker(new URL('./stepper.worker.ts', import.meta.url), { type: 'module', name: 'stepper' });
  return {
    post: (msg, transfer) => worker.postMessage(msg, transfer),
    listen: (onMessage, onDead) => {
      worker.addEventListener('message', (e: MessageEvent<StepperToSession>) => onMessage(e.data));
      worker.addEventListener('error', (e) => onDead(e.message || 'the stepper worker failed to start'));
    },
    close: () => worker.terminate(),
  };
}

const session = new Session({
  post: (msg: WorkerToUi) => self.postMessage(msg, transferables(msg)),
  probe: probeBrowser,
  loadData: (dataUrl) => loadMnist(httpFetcher(dataUrl)),
  loadStart: (dataUrl) => loadSoftmaxStart(httpFetcher(new URL(`../${STARTS_DIR}`, dataUrl).href)),
  now: () => performance.now(),
  watchDevice,
  nextTask: messageChannelQueue(),
  fault,
  // A browser without nested workers trains the runs one after the other in this one.
  ...(typeof Worker === 'function' ? { steppers: { spawn: spawnStepper, cores: navigator.hardwareConcurrency } } : {}),
});

self.addEventListener('message', (e: MessageEvent<UiToWorker>) => {
  // A ping skips the queue, which a long download holds: only a blocked thread leaves it unanswered.
  if (e.data.type === 'ping') return self.postMessage({ type: 'pong', id: e.data.id } satisfies WorkerToUi);
  void session.handle(e.data);
});
