/** The start-up watchdog: says what a slow start-up waits for, and tells a blocked worker (no answer to pings) from a slow one. No DOM. */
import type { StartStage, UiToWorker, WorkerToUi } from '../workers/protocol';

/** After this long without a model, the page says what it waits for. */
export const STARTUP_SLOW_MS = 8000;
export const PING_MS = 1000;
/** A worker that answers no ping for this long is blocked, not busy: a download or a compile still answers. */
export const BLOCKED_MS = 12_000;

/** What start-up is waiting for, in words; null: the worker has not said yet (its script is loading). */
export function waitingFor(stage: StartStage | null): string {
  if (!stage) return 'the training worker to load';
  if (stage.part === 'data') return 'the MNIST download (about 11 MB)';
  switch (stage.backend) {
    case 'wasm':
      return 'the WebAssembly backend to start its threads';
    case 'webgpu':
      return 'the WebGPU device';
    case 'webgl':
      return 'the WebGL context';
    case 'cpu':
      return 'the JavaScript backend';
    default: {
      const never: never = stage.backend;
      return String(never);
    }
  }
}

export interface StartupDeps {
  now(): number;
  send(msg: UiToWorker): void;
  /** The line to show while start-up is slow; null once it is not. */
  show(note: string | null): void;
  /** The worker answered no ping for BLOCKED_MS: `waiting` is what it was doing. */
  blocked(waiting: string): void;
}

export class StartupWatch {
  private since = 0;
  private lastPong = 0;
  private stage: StartStage | null = null;
  private pings = 0;
  private active = false;

  constructor(private readonly deps: StartupDeps) {}

  /** A worker was (re)started and sent 'init'. */
  begin(): void {
    this.since = this.lastPong = this.deps.now();
    this.stage = null;
    this.active = true;
    this.deps.show(null);
  }

  onMessage(msg: WorkerToUi): void {
    if (!this.active) return;
    switch (msg.type) {
      case 'starting':
        this.stage = msg.stage;
        break;
      case 'pong':
        this.lastPong = this.deps.now();
        break;
      case 'ready':
      case 'error':
        this.active = false;
        this.deps.show(null);
        break;
      default:
        // Any message proves the thread runs.
        this.lastPong = this.deps.now();
    }
  }

  /** Called every PING_MS while the page is open. */
  tick(): void {
    if (!this.active) return;
    const t = this.deps.now();
    const what = waitingFor(this.stage);
    if (t - this.lastPong > BLOCKED_MS) {
      this.active = false;
      this.deps.blocked(what);
      return;
    }
    if (t - this.since > STARTUP_SLOW_MS) this.deps.show(`Still starting after ${Math.round((t - this.since) / 1000)} s: waiting for ${what}.`);
    this.deps.send({ type: 'ping', id: ++this.pings });
  }
}
