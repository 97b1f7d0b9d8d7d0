import { describe, expect, it } from 'vitest';
import { EmbedPace } from './embedPace';

describe('the embed pace', () => {
  it('is due at once, then after half a second, or after nine times the last embed’s time where that is longer', () => {
    let t = 1000;
    const pace = new EmbedPace(() => t);
    expect([pace.due, pace.step]).toEqual([true, -1]);
    pace.done(990, 4);
    expect([pace.due, pace.step]).toEqual([false, 4]);
    t = 1499;
    expect(pace.due).toBe(false);
    t = 1500;
    expect(pace.due).toBe(true);
    // An embed of 200 ms: the next waits 1.8 s.
    t = 2200;
    pace.done(2000, 9);
    t = 3999;
    expect(pace.due).toBe(false);
    t = 4000;
    expect(pace.due).toBe(true);
  });
});
