/** Reading a thread's CPU time from /proc's stat line, and picking the page's renderer. */
import { describe, expect, it } from 'vitest';
import { cpuSecondsOf, mainCpuShare } from '../bench/browser/threadCpu';

describe('threadCpu', () => {
  it('reads utime + stime after a command name that holds spaces and parentheses', () => {
    const line = '4242 (Chrome (Render) x) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 30 0';
    expect(cpuSecondsOf(line)).toBe(3);
  });

  it('takes the renderer that spent the most main-thread time, per second', () => {
    const before = new Map([[1, 10], [2, 5]]);
    const after = new Map([[1, 10.1], [2, 7], [3, 0.4]]);
    expect(mainCpuShare(before, after, 10)).toBe(0.2);
    expect(mainCpuShare(new Map(), new Map(), 10)).toBeNull();
  });
});
