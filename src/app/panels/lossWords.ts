/** The caption under an angular run's panel, in its loss's own terms (the "look for" sentence is each registry row's); the center-loss phases live in phaseCaptions.ts. */
import { degrees } from '../../ml/angles';
import { LOSSES, type LossKind } from '../../ml/losses/registry';

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
