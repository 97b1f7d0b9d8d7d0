/** The bridge's side of the draw pad: one probe in flight, the newest drawing next, stale answers dropped, and the latency. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProbeResult, UiToWorker, WorkerToUi } from '../workers/protocol';
import { bridgeHarness } from '../../test/bridgeHarness';

function harness() {
  const h = bridgeHarness();
  const probes = () => h.sent.filter((m): m is Extract<UiToWorker, { type: 'probe' }> => m.type === 'probe');
  return { ...h, probes, recv: (m: WorkerToUi) => h.recv(m) };
}

const result = (x: number): ProbeResult => ({ run: 'run0', step: 5, feature: [x, 0], probabilities: new Float32Array(10).fill(0.1), centers: new Float32Array(20) });
const drawing = (v: number) => new Uint8Array(784).fill(v);

beforeEach(() => vi.stubGlobal('requestAnimationFrame', () => 1));
afterEach(() => vi.unstubAllGlobals());

describe('the bridge: probes of the draw pad', () => {
  it('keeps one probe in flight and sends only the newest drawing next, with the latency from its stroke', () => {
    const h = harness();
    h.actions.probe(drawing(1), 0);
    h.actions.probe(drawing(2), 1);
    h.actions.probe(drawing(3), 2);
    expect(h.probes().map((p) => p.pixels[0])).toEqual([1]);
    h.tick(40);
    h.recv({ type: 'probed', id: h.probes()[0]!.id, results: [result(1)] });
    // The two drawings made meanwhile: only the newest goes.
    expect(h.probes().map((p) => p.pixels[0])).toEqual([1, 3]);
    h.frame();
    expect(h.store.getState().probe).toMatchObject({ latencyMs: 40, results: [{ feature: [1, 0] }] });
    h.tick(60);
    h.recv({ type: 'probed', id: h.probes()[1]!.id, results: [result(3)] });
    h.frame();
    // From the stroke at t = 1 that made the drawing it answers (the newest drawing's first stroke waiting).
    expect(h.store.getState().probe).toMatchObject({ latencyMs: 99, results: [{ feature: [3, 0] }] });
  });

  it('drops the answer to a probe sent before Clear', () => {
    const h = harness();
    h.actions.probe(drawing(1), 0);
    h.actions.clearProbe();
    h.recv({ type: 'probed', id: h.probes()[0]!.id, results: [result(1)] });
    h.frame();
    expect(h.store.getState().probe).toBeNull();
  });

  it('asks again with each new snapshot, so the point follows training', () => {
    const h = harness();
    h.actions.probe(drawing(7), 0);
    h.recv({ type: 'probed', id: h.probes()[0]!.id, results: [result(1)] });
    h.recv({ type: 'embedding', run: 'run0', step: 9, features: new Float32Array(0), predictions: new Uint8Array(0), centers: new Float32Array(20), classWeights: new Float32Array(20) });
    expect(h.probes().map((p) => p.pixels[0])).toEqual([7, 7]);
  });
});
