/** A Session in Node with recorded messages, a clock, and a device that can be lost on demand. */
import { loadPreparedMnist, loadShippedStart } from './mnistFiles';
import type { WorkerToUi } from '../src/workers/protocol';
import { Session } from '../src/workers/session';
import type { StepperSource } from '../src/workers/steppers';

export type Msg<T extends WorkerToUi['type']> = Extract<WorkerToUi, { type: T }>;

/** frozenClock: no embed ever falls due in the run loop; nextTask: the test runs the loop's chunks itself. */
export function harness(watch = false, opts: { frozenClock?: boolean; nextTask?: (fn: () => void) => void; steppers?: StepperSource } = {}) {
  const messages: WorkerToUi[] = [];
  let clock = 0;
  let lose: ((reason: string) => void) | undefined;
  const session = new Session({
    post: (m) => messages.push(m),
    probe: async () => ({ webgpu: null, webgl: null, wasm: true }),
    loadData: () => loadPreparedMnist(),
    loadStart: () => loadShippedStart(),
    // Each reading of the clock is a second later: reports and CPU copies fall due at once.
    now: () => (opts.frozenClock ? clock : (clock += 1000)),
    ...(opts.nextTask ? { nextTask: opts.nextTask } : {}),
    ...(opts.steppers ? { steppers: opts.steppers } : {}),
    watchDevice: (_backend, onLost) => {
      lose = onLost;
      return watch;
    },
  });
  const of = <T extends WorkerToUi['type']>(type: T) => messages.filter((m): m is Msg<T> => m.type === type);
  const last = <T extends WorkerToUi['type']>(type: T) => of(type).at(-1);
  return { session, messages, of, last, loseDevice: (r: string) => lose?.(r) };
}

