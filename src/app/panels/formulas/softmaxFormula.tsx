/** Softmax cross-entropy, the part every non-angular loss starts from: L_S and p_yi over fc2's logits. */
import { fmt, MathBlock, meanNegLog, sub, sumFromOne, xi, yi, type FormulaProps } from './math';
import type { ReactNode } from 'react';

/** The fc2 logit of class k for sample i: W_kᵀ x_i + b_k. */
const logit = (k: ReactNode) => (
  <mrow>
    <msup>
      {sub(<mi>W</mi>, k)}
      <mi>T</mi>
    </msup>
    {xi}
    <mo>+</mo>
    {sub(<mi>b</mi>, k)}
  </mrow>
);

export function SoftmaxPart({ progress: p, classes }: Pick<FormulaProps, 'progress' | 'classes'>) {
  return (
    <>
      <MathBlock label="Softmax loss: the mean cross-entropy over the batch">
        {sub(<mi>L</mi>, <mi>S</mi>)}
        <mo>=</mo>
        {meanNegLog(sub(<mi>p</mi>, yi))}
      </MathBlock>
      <MathBlock label={`where p sub y i, the softmax probability of the true class of sample i, is e to its true-class logit over the sum of e to all ${classes === 10 ? 'ten' : classes} logits`}>
        {sub(<mi>p</mi>, yi)}
        <mo>=</mo>
        <mfrac>
          <msup>
            <mi>e</mi>
            {logit(yi)}
          </msup>
          <mrow>
            {sumFromOne('k', <mn>{classes}</mn>)}
            <msup>
              <mi>e</mi>
              {logit(<mi>k</mi>)}
            </msup>
          </mrow>
        </mfrac>
      </MathBlock>
      <p className="small">
        p<sub>y<sub>i</sub></sub> is the softmax probability of the true class y<sub>i</sub> of sample i; x<sub>i</sub> is its deep feature (2-D, or 3-D with featDim=3), W and b are fc2&apos;s weights and bias (b = 0 without fc2 bias), m is the batch size.
      </p>
      <p className="live">
        L<sub>S</sub> = <b data-testid="live-ce">{fmt(p?.ce)}</b>
      </p>
    </>
  );
}

/** Softmax alone: the cross-entropy, nothing else. */
export function SoftmaxFormula(props: FormulaProps) {
  return (
    <>
      <SoftmaxPart {...props} />
      <h3>What to look for</h3>
      <p className="small">The softmax only needs the classes to be separable by angle: the features spread out along radial spokes, far from the origin, with no pull toward a center.</p>
    </>
  );
}
