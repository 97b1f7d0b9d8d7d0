/** What a Session needs from where it runs (the worker, or a Node test): posting, probing, data, a clock. */
import type { BackendProbe } from '../ml/backend';
import type { BackendName } from '../ml/config';
import type { LoadedDataset } from '../ml/dataset';
import type { SoftmaxStart } from '../ml/softmaxStart';
import type { FaultKind, WorkerToUi } from './protocol';
import type { StepperSource } from './steppers';

export interface SessionDeps {
  post(msg: WorkerToUi): void;
  probe(): Promise<BackendProbe>;
  /** The bundled MNIST. */
  loadData(dataUrl: string): Promise<LoadedDataset>;
  /** The quick lesson's shipped start (public/starts/, beside the data folder). */
  loadStart(dataUrl: string): Promise<SoftmaxStart>;
  now(): number;
  /** Watches the backend's device; returns whether it can be lost (then the weights are copied to the CPU now and then). */
  watchDevice?(backend: BackendName, onLost: (reason: string) => void): boolean;
  /** Runs fn in a new task, after the messages already queued (default setTimeout 0; see nextTask.ts). */
  nextTask?(fn: () => void): void;
  /** Provokes a fault where it runs (the worker: a WebGL context really lost, an uncaught error). */
  fault?(fault: FaultKind): void;
  /** Workers that take the runs' steps side by side on wasm (./steppers.ts); without them the session steps every run itself. */
  steppers?: StepperSource;
}
