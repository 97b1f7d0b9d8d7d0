/** The one line a class should watch for, given what is on screen. */
import { MNIST, type DatasetSpec } from '../../ml/datasetSpec';
import { CLASS_COLORS } from '../charts/colors';
import type { RunDescription } from '../runs';
import { className, isDigitSet } from '../store/datasetOf';
import { LOSSES } from '../../ml/losses/registry';

export function lookFor(runs: readonly Pick<RunDescription, 'lambda' | 'loss'>[], heldOut: number | null, spec: Pick<DatasetSpec, 'classNames'> = MNIST): string {
  const many = isDigitSet(spec) ? 'the digits' : 'the classes';
  const one = isDigitSet(spec) ? 'digit' : 'class';
  const zero = runs.find((r) => r.loss === 'center' && r.lambda === 0);
  const cl = runs.find((r) => r.loss === 'center' && r.lambda > 0);
  // Runs of other losses: one sentence per loss, in the order the panels show them, each in its own terms.
  const kinds = [...new Set(runs.map((r) => (r.loss === 'center' && r.lambda === 0 ? 'softmax' : r.loss)))];
  const main = runs.some((r) => r.loss !== 'center')
    ? kinds.map((k) => LOSSES[k].lookFor(many, one)).join(' ')
    : zero && cl
      ? `Softmax alone separates ${many} by angle: its clusters stretch outward like spokes. With center loss each ${one} is pulled toward its own center, and over the steps its spoke rounds into a tight blob.`
      : cl
        ? `Each ${spec.classNames.length > CLASS_COLORS.length ? 'colour and shape' : 'colour'} is one ${one}: center loss pulls every feature onto its class center (the ${isDigitSet(spec) ? 'numbered' : 'labelled'} disc), into tight blobs.`
        : `Softmax alone separates ${many} by angle: the clusters stretch outward like spokes, with no pull toward a center.`;
  const angular = runs.some((r) => LOSSES[r.loss].angular);
  const away = angular ? 'pointing along no class’s ray (or far from every center)' : 'far from every center';
  return heldOut === null ? main : `${main} Crosses are ${className(spec, heldOut)}, never trained: ${away}, it can be rejected as unknown.`;
}
