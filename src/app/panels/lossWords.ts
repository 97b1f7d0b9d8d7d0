/** What each loss does, in its own terms: the "look for" sentence and the caption under an angular run's panel. Keyed by loss; the center-loss phases live in phaseCaptions.ts. */
import { degrees } from '../../ml/angles';
import { LOSSES, type LossKind } from '../../ml/losses/registry';

/** `many`: "the digits" or "the classes"; `one`: "digit" or "class". */
export const LOOK_FOR: Readonly<Record<LossKind, (many: string, one: string) => string>> = {
  softmax: (many) => `Softmax separates ${many} by angle: its clusters stretch outward like spokes, with no pull toward a center.`,
  center: (_, one) => `Center loss pulls each ${one} toward its own center, and over the steps its cluster rounds into a tight blob.`,
  sphereface: (_, one) => `SphereFace asks each ${one} to win by m times its angle: its features close into a thin cone around its class's ray, their length left free.`,
  cosface: (_, one) => `CosFace asks each ${one} to win by a margin in cosine: on the unit circle (a sphere in 3-D) its features gather around its class's ray, clear of the neighbours.`,
  arcface: (_, one) => `ArcFace asks each ${one} to win by a margin of angle: on the unit circle (a sphere in 3-D) its features gather inside the wedge around its class's ray.`,
};

/** The angular figures of one run's drawn snapshot (radians; NaN: not known yet). */
export interface AngularFigures {
  meanAngle: number;
  leastWeightAngle: number;
  /** The margin drawn as a wedge, or null. */
  margin: number | null;
}

const deg = (r: number) => `${degrees(r).toFixed(0)}°`;

/** The caption under an angular run's panel: where its features point, against its rays and its margin. */
export function angularCaption(loss: LossKind, f: AngularFigures | null, one: string): string {
  if (!f || !Number.isFinite(f.meanAngle)) return 'Not trained yet: the rays are the class weights at their random start, and the features point anywhere.';
  const apart = Number.isFinite(f.leastWeightAngle);
  // Wedges that overlap cannot keep their classes apart, however close each feature is to its own ray.
  const overlap = f.margin !== null && apart && f.leastWeightAngle < 2 * f.margin;
  const rays = apart ? ` The closest two rays are ${deg(f.leastWeightAngle)} apart` : '';
  const wedge =
    f.margin === null
      ? apart
        ? `${rays}.`
        : ''
      : overlap
        ? `${rays}, less than two ±${deg(f.margin)} wedges: their wedges overlap, and those ${one === 'digit' ? 'digits' : 'classes'} are not kept apart.`
        : f.meanAngle <= f.margin
          ? ` That is inside the ±${deg(f.margin)} wedge${apart ? `, and the closest two rays are ${deg(f.leastWeightAngle)} apart` : ''}: the margin holds.`
          : ` The wedge is ±${deg(f.margin)}: ${one === 'digit' ? 'digits' : 'classes'} still stray outside it.${rays ? `${rays}.` : ''}`;
  // An angular loss speaks of its own rays; any other is only seen by angle.
  const lead = LOSSES[loss].angular ? LOSSES[loss].label : 'Seen by angle';
  return `${lead}: a feature points ${deg(f.meanAngle)} from its class's ray on average.${wedge}`;
}
