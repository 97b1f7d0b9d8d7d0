/**
 * The session's side of its steppers (stepper.worker.ts): a worker per trained run, so that on wasm the runs of a comparison train
 * at the same time, each on its share of the cores, instead of one after the other on all of them. Each request carries the run's
 * complete state and each answer the state after the steps: the session's own trainers stay the whole truth (embeds, files, saves).
 */
import type { IdxSplit } from '../ml/idx';
import { wasmThreadsPerRun } from '../ml/threads';
import type { Trainer, TrainerCopy, WindowStats } from '../ml/trainer';
import type { TrainingFeatures } from './liveCapture';
import { copyToCpu } from './runFiles';
import { stepperTransferables, type AugmentedDigits, type SessionToStepper, type StepperToSession, type StepRecipe, type WasmBuild } from './stepperProtocol';

/** A stepper as the session reaches it: a worker, or a StepHost in the same thread (tests). */
export interface StepperPort {
  post(msg: SessionToStepper, transfer: Transferable[]): void;
  /** Its answers; `onDead` when it can answer no more (the worker failed). */
  listen(onMessage: (msg: StepperToSession) => void, onDead: (detail: string) => void): void;
  close(): void;
}

/** Where the steppers come from, and the cores they share. */
export interface StepperSource {
  spawn(): StepperPort;
  cores: number;
  /** Calls fn after ms unless cancelled (setTimeout): a stepper that has not started by then is given up. */
  after?(ms: number, fn: () => void): () => void;
}

/** How long a stepper may take to start its backend: Firefox can leave a nested worker's own threads hanging at their start. */
export const STEPPER_START_MS = 15_000;
/** The least time a stepper is given to answer a request. */
const ANSWER_MIN_MS = 30_000;
/** The longest an embed waits for the steps taken ahead. */
const IDLE_WAIT_MS = 5_000;

/** One run's steps taken elsewhere: the window's figures, its training features, and its state after them. */
export interface Stepped {
  stats: WindowStats;
  live: TrainingFeatures | null;
  augmented: AugmentedDigits | null;
  state: TrainerCopy;
  /** The stepper's own time for them: an answer taken ahead comes back at once. */
  ms: number;
}

interface Open {
  port: StepperPort;
  /** Settles once the stepper's backend has started (rejects if it never does): requests wait for it. */
  started: Promise<void>;
  /** Ends a start still under way: its time limit stops, and the requests waiting for it are refused. */
  abandonStart: (detail: string) => void;
  /** The split it was sent. */
  train?: IdxSplit;
  pending: Map<number, { resolve: (s: Stepped) => void; reject: (e: Error) => void }>;
  dead?: string;
  /** The session's trainer whose state the stepper holds too, at the trainer's revision then. */
  holds?: { trainer: Trainer; revision: number };
  /** The next steps, asked for as soon as the last ones came back: used if the session then asks for exactly them. */
  ahead?: { key: string; fromStep: number; answer: Promise<Stepped> };
}

const recipeOf = (t: Trainer): StepRecipe => ({ spec: t.spec, hyper: t.hyper, seed: t.seed, heldOutClass: t.heldOutClass });
const requestKey = (recipe: StepRecipe, n: number): string => JSON.stringify([recipe, n]);

/** The pixels in memory every stepper reads without a copy each, where the page is cross-origin isolated. */
function shared(train: IdxSplit): IdxSplit {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated || typeof SharedArrayBuffer !== 'function' || train.pixels.buffer instanceof SharedArrayBuffer) return train;
  const pixels = new Uint8Array(new SharedArrayBuffer(train.pixels.byteLength));
  pixels.set(train.pixels);
  return { ...train, pixels };
}

export class Steppers {
  private open: Open[] = [];
  private seq = 0;
  /** The last answer's time a step: the bound on the next answer's wait scales with it. */
  private msPerStep = 0;
  private sharedSplit?: { from: IdxSplit; to: IdxSplit };

  constructor(private readonly source: StepperSource) {}

  /**
   * n steps of each run, all at once, one stepper each, their states then loaded into the trainers; rejects if any stepper fails (the
   * trainers are then as they were). Each stepper goes on to the next n steps at once, so that it never waits for the other runs.
   */
  async step(runs: readonly Trainer[], train: IdxSplit, n: number): Promise<Stepped[]> {
    const split = this.prepare(runs.length, train);
    const stepped = await Promise.all(runs.map((t, k) => this.request(this.open[k]!, t, split, n)));
    // Every copy checked before any is loaded: a refusal leaves all the trainers as they were.
    const misfit = runs.map((t, k) => t.misfit(stepped[k]!.state)).find((m) => m !== null);
    if (misfit) throw new Error(misfit);
    runs.forEach((t, k) => {
      t.load(stepped[k]!.state);
      this.open[k]!.holds = { trainer: t, revision: t.revision };
    });
    return stepped;
  }

  /** A stepper per run, started and given the data (the split they share, returned), before the first steps are asked: they start faster. */
  prepare(runs: number, train: IdxSplit): IdxSplit {
    if (this.open.length !== runs) this.spawn(runs);
    const split = this.shareOnce(train);
    for (const o of this.open) {
      if (o.dead || o.train === split) continue;
      o.port.post({ type: 'data', train: split }, []);
      o.train = split;
    }
    return split;
  }

  private async request(o: Open, t: Trainer, split: IdxSplit, n: number): Promise<Stepped> {
    if (o.dead) throw new Error(o.dead);
    const recipe = recipeOf(t);
    const key = requestKey(recipe, n);
    const ahead = o.ahead;
    o.ahead = undefined;
    const held = o.holds?.trainer === t && o.holds.revision === t.revision;
    const answer = ahead && held && ahead.key === key && ahead.fromStep === t.step ? ahead.answer : this.ask(o, { recipe, start: (await copyToCpu([t]))[0]!, fromStep: t.step, n });
    const stepped = await answer;
    const fromStep = stepped.state.state.step;
    o.ahead = { key, fromStep, answer: this.ask(o, { recipe, start: null, fromStep, n }) };
    // An answer nobody takes (the settings changed meanwhile) is dropped, failed or not.
    o.ahead.answer.catch(() => undefined);
    return stepped;
  }

  private async ask(o: Open, req: Omit<Extract<SessionToStepper, { type: 'steps' }>, 'type' | 'seq'>): Promise<Stepped> {
    await o.started;
    if (o.dead) throw new Error(o.dead);
    const seq = ++this.seq;
    const msg: SessionToStepper = { type: 'steps', seq, ...req };
    // A stepper that stops answering (its worker wedged) must not hold the session's queue for ever.
    const limit = Math.max(ANSWER_MIN_MS, 20 * req.n * this.msPerStep);
    const cancel = this.after(limit, () => this.died(o, `a stepper did not answer within ${Math.round(limit / 1000)} s`));
    try {
      const stepped = await new Promise<Stepped>((resolve, reject) => {
        o.pending.set(seq, { resolve, reject });
        o.port.post(msg, stepperTransferables(msg));
      });
      this.msPerStep = stepped.ms / Math.max(1, req.n);
      return stepped;
    } finally {
      cancel();
    }
  }

  /**
   * Once the steps taken ahead are done, or after IDLE_WAIT_MS: the cores are then the caller's alone (an embed on several wasm threads
   * stalls beside busy steppers); the bound only costs speed.
   */
  async idle(): Promise<void> {
    let cancel = (): void => undefined;
    const bound = new Promise<void>((resolve) => (cancel = this.after(IDLE_WAIT_MS, resolve)));
    await Promise.race([Promise.all(this.open.map((o) => o.ahead?.answer.catch(() => undefined))), bound]);
    cancel();
  }

  private after(ms: number, fn: () => void): () => void {
    return this.source.after ? this.source.after(ms, fn) : clearTimeout.bind(null, setTimeout(fn, ms));
  }

  private shareOnce(train: IdxSplit): IdxSplit {
    if (this.sharedSplit?.from !== train) this.sharedSplit = { from: train, to: shared(train) };
    return this.sharedSplit.to;
  }

  private spawn(runs: number): void {
    this.close();
    const threads = wasmThreadsPerRun(this.source.cores, runs);
    this.open = Array.from({ length: runs }, () => {
      const o: Open = { port: this.source.spawn(), started: Promise.resolve(), abandonStart: () => undefined, pending: new Map() };
      this.start(o, threads, 'threaded');
      return o;
    });
  }

  /**
   * Starts o's worker on a build; a threaded one that fails to start, or has not within STEPPER_START_MS, is replaced once by a
   * single-threaded one, which starts no nested workers of its own. Nothing but the data has been sent to a stepper before it started.
   */
  private start(o: Open, threads: number, build: WasmBuild): void {
    const port = o.port;
    let ready = (): void => undefined;
    let refuse = (_e: Error): void => undefined;
    o.started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      refuse = reject;
    });
    o.started.catch(() => undefined);
    let settled = false;
    const failed = (detail: string) => {
      if (settled || o.dead) return;
      settled = true;
      cancel();
      port.close();
      if (build === 'threaded') {
        o.port = this.source.spawn();
        const train = o.train;
        this.start(o, threads, 'single');
        if (train) o.port.post({ type: 'data', train }, []);
        o.started.then(ready, refuse);
        return;
      }
      refuse(new Error(detail));
      this.died(o, detail);
    };
    const cancel = this.after(STEPPER_START_MS, () => failed(`a stepper did not start within ${STEPPER_START_MS / 1000} s`));
    o.abandonStart = (detail) => {
      if (settled) return;
      settled = true;
      cancel();
      refuse(new Error(detail));
    };
    port.listen(
      (msg) => {
        if (msg.type !== 'started') return this.answered(o, msg);
        if (msg.error !== null) return failed(msg.error);
        settled = true;
        cancel();
        ready();
      },
      (detail) => (settled ? this.died(o, detail) : failed(detail)),
    );
    port.post({ type: 'setup', threads, build }, []);
  }

  /** A stepper that had started is gone: its requests are refused, and so is every later one. */
  private died(o: Open, detail: string): void {
    o.dead ??= detail;
    for (const p of o.pending.values()) p.reject(new Error(detail));
    o.pending.clear();
  }

  private answered(o: Open, msg: Exclude<StepperToSession, { type: 'started' }>): void {
    const p = o.pending.get(msg.seq);
    if (!p) return;
    o.pending.delete(msg.seq);
    switch (msg.type) {
      case 'stepped':
        return p.resolve({ stats: msg.stats, live: msg.live, augmented: msg.augmented, state: msg.state, ms: msg.ms });
      case 'failed':
        return p.reject(new Error(msg.detail));
      default: {
        const never: never = msg;
        throw new Error(`unknown stepper message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Ends every stepper, its start included; a request still waiting is refused. */
  close(): void {
    for (const o of this.open) {
      o.abandonStart('the stepper was closed');
      this.died(o, 'the stepper was closed');
      o.port.close();
    }
    this.open = [];
    this.sharedSplit = undefined;
  }
}
