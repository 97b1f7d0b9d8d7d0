/** The soak's verdict: it holds only when every reset returns to the same tensor count and no heap outgrows its bound. */
import { describe, expect, it } from 'vitest';
import { slopePerMinute, summarise, type Sample } from '../bench/soak/summary';

const bounds = { slopeMBPerMin: 2, slopeFromMinutes: 10, headroomMB: 40 };
const flat = (minutes: number, mb: (t: number) => number): Sample[] => Array.from({ length: minutes * 30 + 1 }, (_, i) => ({ t: i * 2, tensors: 120, pageMB: mb(i * 2), workerMB: mb(i * 2) }));
const act = [{ name: 'reset', at: 1, applied: true }];

describe('the soak summary', () => {
  it('measures a slope in MB per minute', () => {
    expect(slopePerMinute([{ t: 0, v: 10 }, { t: 60, v: 13 }, { t: 120, v: 16 }])).toBeCloseTo(3, 9);
  });

  it('holds for steady heaps and equal counts after each reset', () => {
    const r = summarise(3, flat(3, (t) => 8 + Math.sin(t)), [120, 120], act, [], bounds);
    expect(r.why).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.tensors).toEqual({ first: 120, last: 120, max: 120, afterReset: [120, 120] });
  });

  it('fails on a leak of tensors, a growing heap, an error or an action that did not apply', () => {
    const r = summarise(12, flat(12, (t) => 8 + t / 20), [120, 126], [...act, { name: 'import-bad', at: 5, applied: false }], ['page: boom'], bounds);
    expect(r.ok).toBe(false);
    expect(r.why).toEqual([
      '1 errors',
      'not applied: import-bad',
      'tensor counts after the resets differ: 120, 126',
      'page heap grows 3 MB/min (bound 2)',
      'worker heap grows 3 MB/min (bound 2)',
    ]);
  });

  it('judges the slope only from 10 minutes on, while the page\u2019s bounded buffers may still be filling; the headroom always', () => {
    expect(summarise(3, flat(3, (t) => 8 + t / 20), [120, 120], act, [], bounds).why).toEqual([]);
    expect(summarise(3, flat(3, (t) => (t > 120 ? 60 : 8)), [120, 120], act, [], bounds).why).toEqual(['page heap reached 60 MB, over 8 + 40 MB', 'worker heap reached 60 MB, over 8 + 40 MB']);
  });
});
