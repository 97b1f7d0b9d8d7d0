/** The one line a class should watch for, given what is on screen. */
import type { RunDescription } from '../runs';

export function lookFor(runs: readonly RunDescription[], heldOut: number | null): string {
  const zero = runs.find((r) => r.lambda === 0);
  const cl = runs.find((r) => r.lambda > 0);
  const main =
    zero && cl
      ? 'Softmax alone separates the digits by angle: its clusters stretch outward like spokes. With center loss each digit is pulled onto its own center, into a tight blob.'
      : cl
        ? 'Each colour is one digit: center loss pulls every feature onto its class center (the numbered disc), into tight blobs.'
        : 'Softmax alone separates the digits by angle: the clusters stretch outward like spokes, with no pull toward a center.';
  return heldOut === null ? main : `${main} Crosses are digit ${heldOut}, never trained: far from every center, it can be rejected as unknown.`;
}
