import { describe, expect, it } from 'vitest';
import { openSetDrawnWords } from './openSetWords';

describe('what the scatters draw of the open-set threshold, in words', () => {
  it('rings for center loss alone, as before', () => {
    expect(openSetDrawnWords(['distance', 'distance'], 2)).toBe('The open-set threshold is the dashed ring around each center.');
  });

  it('beside a loss without centers, the angle: grey sectors in 2-D, said not drawn in 3-D, and never a ring for it', () => {
    const two = openSetDrawnWords(['angle', 'distance', 'angle'], 2);
    expect(two).toMatch(/dashed ring around each center for a loss that keeps centers\. For a loss without centers it is an angle: the grey sectors are the directions farther than it from every known class's ray/);
    const three = openSetDrawnWords(['angle'], 3);
    expect(three).toBe('The open-set threshold is an angle around each known class’s ray, not drawn in 3-D (the Open set panel gives it).');
    expect(three).not.toMatch(/ring|circle/);
  });
});
