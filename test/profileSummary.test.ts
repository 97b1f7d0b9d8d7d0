/** The CPU profile's summary: self and total time per function, idle left out, and busy runs found. */
import { describe, expect, it } from 'vitest';
import { callersOf, summarizeProfile } from '../bench/browser/profileSummary';

const frame = (functionName: string, lineNumber = 0) => ({ functionName, url: 'http://x/assets/main.js', lineNumber, columnNumber: 0 });

describe('summarizeProfile', () => {
  it('sums self time on the leaf and total time up the stack, without idle', () => {
    const nodes = [
      { id: 1, callFrame: frame('(root)'), children: [2, 4] },
      { id: 2, callFrame: frame('paint', 9), children: [3] },
      { id: 3, callFrame: frame('drawPoints', 19) },
      { id: 4, callFrame: frame('(idle)') },
    ];
    // timeDeltas[i + 1] is how long sample i lasted (µs).
    const p = { nodes, samples: [3, 3, 2, 4], timeDeltas: [0, 1000, 1000, 1000, 5000], startTime: 0, endTime: 8000 };
    const s = summarizeProfile(p);
    expect(s.busyMs).toBe(3);
    const row = (fn: string) => s.rows.find((r) => r.fn.startsWith(fn));
    expect(row('drawPoints main.js:20')).toEqual({ fn: 'drawPoints main.js:20', selfMs: 2, totalMs: 2 });
    expect(row('paint')).toEqual({ fn: 'paint main.js:10', selfMs: 1, totalMs: 3 });
    expect(row('(idle)')).toBeUndefined();
  });

  it('reports a busy run of 50 ms or more as a long one', () => {
    const nodes = [
      { id: 1, callFrame: frame('(root)'), children: [2] },
      { id: 2, callFrame: frame('frame') },
    ];
    const samples = Array.from({ length: 60 }, () => 2);
    const p = { nodes, samples, timeDeltas: [0, ...samples.map(() => 1000)], startTime: 0, endTime: 60_000 };
    expect(summarizeProfile(p).long.map((l) => l.ms)).toEqual([60]);
  });
});

describe('callersOf', () => {
  it("splits an unnamed frame's self time by the named functions that called it, skipping unnamed frames between", () => {
    const nodes = [
      { id: 1, callFrame: frame('(root)'), children: [2, 5] },
      { id: 2, callFrame: frame('conv2d'), children: [3] },
      { id: 3, callFrame: frame('js-to-wasm::i'), children: [4] },
      { id: 4, callFrame: frame('wasm-function[428]') },
      { id: 5, callFrame: frame('batchMatMul'), children: [6] },
      { id: 6, callFrame: frame('wasm-function[7]'), children: [7] },
      { id: 7, callFrame: frame('wasm-function[428]') },
    ];
    const samples = [4, 4, 4, 7, 6];
    const p = { nodes, samples, timeDeltas: [0, ...samples.map(() => 1000)], startTime: 0, endTime: 5000 };
    const [first, second] = callersOf(p, /^wasm-function/, 2, 1);
    expect(first).toEqual({ fn: 'wasm-function[428]', selfMs: 4, from: [{ chain: 'conv2d', ms: 3 }, { chain: 'batchMatMul', ms: 1 }] });
    expect(second).toEqual({ fn: 'wasm-function[7]', selfMs: 1, from: [{ chain: 'batchMatMul', ms: 1 }] });
  });
});
