/** What the scatters draw of the open-set threshold, in words: rings for the runs scored by distance, rejected directions for those scored by angle. */
import type { OpenSetScore } from '../../ml/opensetScore';

export function openSetDrawnWords(scores: readonly OpenSetScore[], dim: number): string {
  const byDistance = scores.includes('distance');
  const byAngle = scores.includes('angle');
  const ring = byDistance ? `The open-set threshold is the dashed ${dim === 3 ? 'circle (a sphere, seen from any side)' : 'ring'} around each center${byAngle ? ' for a loss that keeps centers' : ''}.` : '';
  const angle = !byAngle
    ? ''
    : dim === 2
      ? `${byDistance ? 'For a loss without centers it is an angle: the' : 'The open-set threshold is an angle: the'} grey sectors are the directions farther than it from every known class's ray, where a digit is rejected as unknown.`
      : `${byDistance ? 'For a loss without centers it is an angle around each known class’s ray' : 'The open-set threshold is an angle around each known class’s ray'}, not drawn in 3-D (the Open set panel gives it).`;
  return [ring, angle].filter(Boolean).join(' ');
}
