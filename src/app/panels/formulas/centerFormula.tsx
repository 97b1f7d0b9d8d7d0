/** Center loss (Wen et al., 2016): softmax plus λ times the mean squared distance to the class centers, and both center updates. */
import type { ReactNode } from 'react';
import { fmt, LIMITS, MathBlock, norm2, sub, sumOverBatch, xi, type FormulaProps } from './math';
import { SoftmaxPart } from './softmaxFormula';

const xMinusC = (c: ReactNode) => (
  <>
    {xi}
    <mo>−</mo>
    {c}
  </>
);
const cyi = sub(<mi>c</mi>, sub(<mi>y</mi>, <mi>i</mi>));
/** Σ_{i : y_i = j}: over the batch samples of class j. */
const sumOverClass = (
  <munder style={LIMITS}>
    <mo>∑</mo>
    <mrow>
      <mi>i</mi>
      <mo>:</mo>
      {sub(<mi>y</mi>, <mi>i</mi>)}
      <mo>=</mo>
      <mi>j</mi>
    </mrow>
  </munder>
);

export function CenterFormula(props: FormulaProps) {
  const { hyper: h, progress: p } = props;
  const inUse = (rule: typeof h.rule) => (h.rule === rule ? <span data-testid={`rule-in-use-${rule}`}>, in use</span> : null);
  return (
    <>
      <SoftmaxPart {...props} />
      <MathBlock label="Center loss, reference convention: the mean squared distance of each feature to its class center">
        {sub(<mi>L</mi>, <mi>C</mi>)}
        <mo>=</mo>
        <mfrac>
          <mn>1</mn>
          <mi>m</mi>
        </mfrac>
        {sumOverBatch}
        {norm2(xMinusC(cyi))}
      </MathBlock>
      <p className="live">
        L<sub>C</sub> = <b data-testid="live-lc">{fmt(p?.centerLoss)}</b> <span className="muted small">(the paper writes ½ Σ without 1/m: {fmt(p?.centerLossPaper)})</span>
      </p>
      <MathBlock label="Total loss: softmax loss plus lambda times center loss">
        <mi>L</mi>
        <mo>=</mo>
        {sub(<mi>L</mi>, <mi>S</mi>)}
        <mo>+</mo>
        <mi>λ</mi>
        <mo>⁢</mo>
        {sub(<mi>L</mi>, <mi>C</mi>)}
      </MathBlock>
      <p className="live">
        λ = <b data-testid="live-lambda">{h.lambda}</b>
        {h.lambda === 0 && <span className="muted"> (softmax only; the centers still follow the features)</span>}, L = <b>{fmt(p?.total)}</b>
      </p>
      <h3>Center update, α = {h.alpha}</h3>
      <p className="small">
        <b>Reference rule</b> (SGD on ∂L<sub>C</sub>/∂c<sub>j</sub> with learning rate α, independent of λ){inUse('reference')}
      </p>
      <MathBlock label="Reference rule: gradient descent on the centers with learning rate alpha, independent of lambda">
        {sub(<mi>c</mi>, <mi>j</mi>)}
        <mo>←</mo>
        {sub(<mi>c</mi>, <mi>j</mi>)}
        <mo>+</mo>
        <mi>α</mi>
        <mfrac>
          <mn>2</mn>
          <mi>m</mi>
        </mfrac>
        {sumOverClass}
        <mo>(</mo>
        {xMinusC(sub(<mi>c</mi>, <mi>j</mi>))}
        <mo>)</mo>
      </MathBlock>
      <p className="small">
        <b>Paper rule</b> (Wen et al., Eq. 4: toward the class mean of the batch, n<sub>j</sub> samples of class j){inUse('paper')}
      </p>
      <MathBlock label="Paper rule, equation 4: the centers move toward the class mean by alpha times n over one plus n">
        {sub(<mi>c</mi>, <mi>j</mi>)}
        <mo>←</mo>
        {sub(<mi>c</mi>, <mi>j</mi>)}
        <mo>−</mo>
        <mi>α</mi>
        <mfrac>
          <mrow>
            {sumOverClass}
            <mo>(</mo>
            {sub(<mi>c</mi>, <mi>j</mi>)}
            <mo>−</mo>
            {xi}
            <mo>)</mo>
          </mrow>
          <mrow>
            <mn>1</mn>
            <mo>+</mo>
            {sub(<mi>n</mi>, <mi>j</mi>)}
          </mrow>
        </mfrac>
      </MathBlock>
      <p className="muted small">
        At batch 128 (about 13 digits a class) and α = 0.5, the reference rule moves a center about 10% of the way to its batch mean per step, Eq. 4 about 46%.
      </p>
      <h3>What to look for</h3>
      <p className="small">
        With λ = 0 the softmax only needs the classes to be separable by angle: the features spread out along radial spokes, far from the origin. With λ &gt; 0 each digit is also pulled toward its center, so the classes shrink into compact blobs around their centers, and the intra / min-inter ratio in the metrics drops.
      </p>
    </>
  );
}
