/** Steppers for a Session in Node: a StepHost each, in this thread, every message structured-cloned as a worker's would be. */
import { StepHost } from '../src/workers/stepHost';
import { stepperTransferables, type SessionToStepper, type StepperToSession, type WasmBuild } from '../src/workers/stepperProtocol';
import type { StepperPort, StepperSource } from '../src/workers/steppers';

export interface InProcessSteppers extends StepperSource {
  /** Every message the session sent, in order. */
  sent: SessionToStepper[];
  /** Kills every stepper from now on: each request ends as a dead worker's does. */
  kill(detail: string): void;
  /** Runs the timers set so far (a stepper's start limit) as if their time had come. */
  expire(): void;
}

/** `hang`: the steppers on that build never start (as a nested worker whose own threads hang in Firefox), or none ever does. */
export function inProcessSteppers(opts: { cores?: number; hang?: WasmBuild | 'every build' } = {}): InProcessSteppers {
  const cores = opts.cores ?? 2;
  const timers = new Set<() => void>();
  const sent: SessionToStepper[] = [];
  const dead: Array<(detail: string) => void> = [];
  let killed: string | null = null;
  const spawn = (): StepperPort => {
    const host = new StepHost();
    let answer: (m: StepperToSession) => void = () => undefined;
    let queue = Promise.resolve();
    return {
      post: (msg) => {
        sent.push(msg);
        // Moved as the worker would move it: a buffer the session still used after sending would be detached here too.
        const copy = structuredClone(msg, { transfer: stepperTransferables(msg) });
        queue = queue.then(async () => {
          if (killed !== null || (copy.type === 'setup' && (opts.hang === 'every build' || opts.hang === copy.build))) return;
          const reply = await host.handle(copy);
          if (reply) answer(structuredClone(reply, { transfer: stepperTransferables(reply) }));
        });
      },
      listen: (onMessage, onDead) => {
        answer = onMessage;
        dead.push(onDead);
      },
      close: () => host.drop(),
    };
  };
  return {
    spawn,
    cores,
    after: (_ms, fn) => {
      timers.add(fn);
      return () => timers.delete(fn);
    },
    expire: () => {
      for (const fn of [...timers]) {
        timers.delete(fn);
        fn();
      }
    },
    sent,
    kill: (detail) => {
      killed = detail;
      for (const d of dead) d(detail);
    },
  };
}
