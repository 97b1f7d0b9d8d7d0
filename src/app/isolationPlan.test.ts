import { describe, expect, it } from 'vitest';
import { oneThreadWhy, planIsolation } from './isolationPlan';

const env = { isolated: false, serviceWorker: true, controlled: false, reloadedAt: null, now: 1_000_000 };

describe('cross-origin isolation on a server that sends no headers', () => {
  it('an isolated page does nothing', () => {
    expect(planIsolation({ ...env, isolated: true, reloadedAt: env.now - 10 })).toEqual({ kind: 'isolated' });
  });
  it('the first visit waits for the service worker, then reloads; a controlled page reloads at once', () => {
    expect(planIsolation(env)).toEqual({ kind: 'wait-then-reload' });
    expect(planIsolation({ ...env, controlled: true })).toEqual({ kind: 'reload' });
  });
  it('never reloads twice in a row: a reload that did not isolate gives up, naming the server and the headers', () => {
    const plan = planIsolation({ ...env, controlled: true, reloadedAt: env.now - 2_000 });
    expect(plan.kind).toBe('give-up');
    expect(plan.kind === 'give-up' && plan.why).toMatch(/server sends no cross-origin isolation headers.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/);
  });
  it('a reload long ago (a later visit in the same tab) may reload once more', () => {
    expect(planIsolation({ ...env, controlled: true, reloadedAt: env.now - 5 * 60_000 })).toEqual({ kind: 'reload' });
  });
  it('without service workers it says so, and that the server is the reason', () => {
    const plan = planIsolation({ ...env, serviceWorker: false });
    expect(plan.kind === 'give-up' && plan.why).toMatch(/server sends no cross-origin isolation headers.*no service worker/);
  });
  it('the badge blames the server when the page is not isolated, the browser only when it is', () => {
    // Without isolation a browser hides SharedArrayBuffer: that is the server's doing, not the browser's.
    expect(oneThreadWhy({ sab: false, isolated: false })).toBe('the server sends no cross-origin isolation headers');
    expect(oneThreadWhy({ sab: false, isolated: true })).toBe('no SharedArrayBuffer in this browser');
    expect(oneThreadWhy({ sab: true, isolated: true })).toBeNull();
  });
});
