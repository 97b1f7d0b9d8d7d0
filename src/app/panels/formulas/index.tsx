/** One formula module per loss kind, chosen by the registry's kind: adding a loss adds one entry here. */
import type { JSX } from 'react';
import type { Hyper } from '../../../ml/config';
import { LOSSES, type LossKind } from '../../../ml/losses/registry';
import { paramOf, rampedMargin, sphereLambdaAt } from '../../../ml/losses/schedules';
import { CenterFormula } from './centerFormula';
import { MarginFormula } from './marginFormula';
import type { FormulaProps } from './math';
import { NormFaceFormula } from './normfaceFormula';
import { SoftmaxFormula } from './softmaxFormula';

/** The live s, m (after any ramp) and SphereFace's λ_s at a step, as the formulas show them. */
export function marginLive(h: Hyper, step: number): { s: number | null; m: number; marginRadians: number | null; lambdaS: number | null } {
  const marginRadians = LOSSES[h.loss].marginAt(h, step);
  if (h.loss === 'sphereface') {
    const d = LOSSES.sphereface.defaults;
    return { s: null, m: paramOf(h, 'sphereM', d.sphereM!), marginRadians, lambdaS: sphereLambdaAt(paramOf(h, 'sphereLambdaMin', d.sphereLambdaMin!), step) };
  }
  if (h.loss === 'cosface') {
    const d = LOSSES.cosface.defaults;
    return { s: paramOf(h, 'cosS', d.cosS!), m: rampedMargin(paramOf(h, 'cosM', d.cosM!), h.marginRampSteps, step), marginRadians, lambdaS: null };
  }
  const d = LOSSES.arcface.defaults;
  return { s: paramOf(h, 'arcS', d.arcS!), m: rampedMargin(paramOf(h, 'arcM', d.arcM!), h.marginRampSteps, step), marginRadians, lambdaS: null };
}

export const FORMULAS: Readonly<Record<LossKind, (p: FormulaProps) => JSX.Element>> = {
  softmax: SoftmaxFormula,
  center: CenterFormula,
  normface: NormFaceFormula,
  sphereface: (p) => <MarginFormula {...p} kind="sphereface" live={marginLive(p.hyper, p.step)} />,
  cosface: (p) => <MarginFormula {...p} kind="cosface" live={marginLive(p.hyper, p.step)} />,
  arcface: (p) => <MarginFormula {...p} kind="arcface" live={marginLive(p.hyper, p.step)} />,
};
