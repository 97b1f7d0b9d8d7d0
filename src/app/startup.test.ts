import { describe, expect, it } from 'vitest';
import type { UiToWorker } from '../workers/protocol';
import { BLOCKED_MS, PING_MS, STARTUP_SLOW_MS, StartupWatch } from './startup';

function harness() {
  let t = 0;
  const sent: UiToWorker[] = [];
  const notes: Array<string | null> = [];
  const blocked: string[] = [];
  const watch = new StartupWatch({ now: () => t, send: (m) => sent.push(m), show: (n) => notes.push(n), blocked: (w) => blocked.push(w) });
  const advance = (ms: number, answer: boolean) => {
    for (let k = 0; k < ms / PING_MS; k++) {
      t += PING_MS;
      watch.tick();
      const ping = sent.at(-1);
      if (answer && ping?.type === 'ping') watch.onMessage({ type: 'pong', id: ping.id });
    }
  };
  return { watch, sent, notes, blocked, advance };
}

describe('the start-up watchdog', () => {
  it('says what a slow start-up waits for, and a worker that answers is never called blocked', () => {
    const h = harness();
    h.watch.begin();
    h.watch.onMessage({ type: 'starting', stage: { part: 'data' } });
    h.advance(STARTUP_SLOW_MS + 4 * PING_MS + BLOCKED_MS, true);
    expect(h.blocked).toEqual([]);
    expect(h.notes.at(-1)).toMatch(/^Still starting after \d+ s: waiting for the MNIST download/);
    h.watch.onMessage({ type: 'starting', stage: { part: 'backend', backend: 'wasm' } });
    h.advance(PING_MS, true);
    expect(h.notes.at(-1)).toMatch(/waiting for the WebAssembly backend to start its threads\.$/);
  });

  it('calls a worker that answers no ping blocked, naming what it was doing, once', () => {
    const h = harness();
    h.watch.begin();
    h.watch.onMessage({ type: 'starting', stage: { part: 'backend', backend: 'wasm' } });
    h.advance(BLOCKED_MS + 3 * PING_MS, false);
    expect(h.blocked).toEqual(['the WebAssembly backend to start its threads']);
  });

  it('stops once the model is ready: no more pings, the note goes', () => {
    const h = harness();
    h.watch.begin();
    h.advance(STARTUP_SLOW_MS + PING_MS, true);
    expect(h.notes.at(-1)).toMatch(/waiting for the training worker to load/);
    h.watch.onMessage({ type: 'error', code: 'data', detail: 'offline' });
    const pings = h.sent.length;
    h.advance(BLOCKED_MS * 2, false);
    expect(h.sent.length).toBe(pings);
    expect(h.blocked).toEqual([]);
    expect(h.notes.at(-1)).toBeNull();
  });
});
