/** The scatter's tween pace: slower the dearer a frame. */
import { describe, expect, it } from 'vitest';
import { TWEEN_FRAME_MS, tweenFrameMs } from './drawPace';

describe('drawPace', () => {
  it('tweens a cheap scatter at about 30 fps and a dear one in fewer frames', () => {
    expect(tweenFrameMs(1)).toBe(TWEEN_FRAME_MS);
    expect(tweenFrameMs(20)).toBe(200);
    expect(tweenFrameMs(NaN)).toBe(TWEEN_FRAME_MS);
  });
});
