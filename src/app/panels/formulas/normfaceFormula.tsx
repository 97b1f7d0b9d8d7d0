/** NormFace: the softmax over cosines, the feature and fc2's rows normalised and scaled by s, with no margin. */
import type { ReactNode } from 'react';
import { LOSSES } from '../../../ml/losses/registry';
import { paramOf } from '../../../ml/losses/schedules';
import { fmt, MathBlock, meanNegLog, norm, sub, sumFromOne, theta, xi, yi, type FormulaProps } from './math';

const cosOf = (angle: ReactNode) => (
  <mrow>
    <mi>cos</mi>
    <mo>⁡</mo>
    {angle}
  </mrow>
);
const Wk = sub(<mi>W</mi>, <mi>k</mi>);
const scaled = (angle: ReactNode) => (
  <msup>
    <mi>e</mi>
    <mrow>
      <mi>s</mi>
      <mo>⁢</mo>
      {cosOf(angle)}
    </mrow>
  </msup>
);

export function NormFaceFormula({ hyper, progress: p, classes }: FormulaProps) {
  const s = paramOf(hyper, 'normS', LOSSES.normface.defaults.normS!);
  return (
    <>
      <p className="small">
        <b>NormFace (Wang et al., 2017)</b>: softmax on the unit circle. fc2&apos;s weight rows and the feature are both normalised, so each logit is a cosine, multiplied by the scale s; no class gets a margin, and fc2&apos;s bias is not used.
      </p>
      <MathBlock label="The cosine of the angle theta k between the feature of sample i and the weight vector of class k">
        {cosOf(theta(<mi>k</mi>))}
        <mo>=</mo>
        <mfrac>
          <mrow>
            <msup>
              {Wk}
              <mi>T</mi>
            </msup>
            {xi}
          </mrow>
          <mrow>
            {norm(Wk)}
            {norm(xi)}
          </mrow>
        </mfrac>
      </MathBlock>
      <MathBlock label="NormFace: the mean over the batch of minus the log of p sub y i">
        <mi>L</mi>
        <mo>=</mo>
        {meanNegLog(sub(<mi>p</mi>, yi), 'N')}
      </MathBlock>
      <MathBlock label={`where p sub y i is e to s times the cosine of the true-class angle, over the sum of e to s times the cosine over all ${classes} classes`}>
        {sub(<mi>p</mi>, yi)}
        <mo>=</mo>
        <mfrac>
          {scaled(theta(yi))}
          <mrow>
            {sumFromOne('k', <mn>{classes}</mn>)}
            {scaled(theta(<mi>k</mi>))}
          </mrow>
        </mfrac>
      </MathBlock>
      <p className="live">
        s = <b data-testid="live-s">{s}</b>, L = <b data-testid="live-total">{fmt(p?.total)}</b>
      </p>
      <p className="small muted">
        {classes} classes; θ<sub>k</sub> is the angle between x<sub>i</sub> and class k&apos;s weight row, N is the batch size. With a cosine at most 1, p<sub>y<sub>i</sub></sub> cannot come near 1 unless s is large enough: that is what the scale is for.
      </p>
      <h3>What to look for</h3>
      <p className="small">Only directions count: on the unit circle each class turns toward its weight ray, as softmax&apos;s spokes would, but with no margin nothing holds a class off the border with its neighbour. Compare it with CosFace and ArcFace, which are NormFace plus a margin.</p>
    </>
  );
}
