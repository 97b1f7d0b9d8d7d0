/** The scatter's draw pace: live data at most about five times a second, tweens slower the dearer a frame. */
import { describe, expect, it } from 'vitest';
import { CHART_DRAW_MS, LIVE_DRAW_MS, liveWait, paceWait, TWEEN_FRAME_MS, tweenFrameMs } from './drawPace';

describe('drawPace', () => {
  it('draws new live data at once after a quiet spell, and makes a burst wait out the rest of the interval', () => {
    expect(liveWait(1000, -Infinity)).toBe(0);
    expect(liveWait(1000, 1000 - LIVE_DRAW_MS)).toBe(0);
    expect(liveWait(1000, 1000 - 30)).toBe(LIVE_DRAW_MS - 30);
  });

  it('paces the charts at their own interval', () => {
    expect(paceWait(500, 400, CHART_DRAW_MS)).toBe(CHART_DRAW_MS - 100);
    expect(paceWait(500, 500 - CHART_DRAW_MS - 1, CHART_DRAW_MS)).toBe(0);
  });

  it('keeps at least four live pictures a second', () => {
    expect(1000 / LIVE_DRAW_MS).toBeGreaterThanOrEqual(4);
  });

  it('tweens a cheap scatter at about 30 fps and a dear one in fewer frames', () => {
    expect(tweenFrameMs(1)).toBe(TWEEN_FRAME_MS);
    expect(tweenFrameMs(20)).toBe(200);
    expect(tweenFrameMs(NaN)).toBe(TWEEN_FRAME_MS);
  });
});
