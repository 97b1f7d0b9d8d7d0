import type { ReactNode } from 'react';
import type { AppStore } from '../store/appStore';
import { mainRun, useApp } from '../store/appStore';
import { specOf } from '../store/datasetOf';

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toExponential(2));

/** A block of MathML (MathML Core: typeset by the browser, no images, no fonts to load). */
function Math_({ label, children }: { label: string; children: ReactNode }) {
  return (
    <math display="block" aria-label={label}>
      {children}
    </math>
  );
}

const sub = (base: ReactNode, s: ReactNode) => (
  <msub>
    {base}
    {s}
  </msub>
);
const norm2 = (inner: ReactNode) => (
  <msup>
    <mrow>
      <mo>‖</mo>
      {inner}
      <mo>‖</mo>
    </mrow>
    <mn>2</mn>
  </msup>
);
const xMinusC = (c: ReactNode) => (
  <>
    {sub(<mi>x</mi>, <mi>i</mi>)}
    <mo>−</mo>
    {c}
  </>
);
const cyi = sub(<mi>c</mi>, sub(<mi>y</mi>, <mi>i</mi>));
/** Limits always below and above, also inside a fraction, where MathML would move them to the side. */
const LIMITS = { mathStyle: 'normal' } as const;
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
/** Σ_{lo = 1}^{hi}. */
const sumFromOne = (lo: string, hi: ReactNode) => (
  <munderover style={LIMITS}>
    <mo>∑</mo>
    <mrow>
      <mi>{lo}</mi>
      <mo>=</mo>
      <mn>1</mn>
    </mrow>
    {hi}
  </munderover>
);
const sumOverBatch = sumFromOne('i', <mi>m</mi>);
/** The fc2 logit of class k for sample i: W_kᵀ x_i + b_k. */
const logit = (k: ReactNode) => (
  <mrow>
    <msup>
      {sub(<mi>W</mi>, k)}
      <mi>T</mi>
    </msup>
    {sub(<mi>x</mi>, <mi>i</mi>)}
    <mo>+</mo>
    {sub(<mi>b</mi>, k)}
  </mrow>
);
const yi = sub(<mi>y</mi>, <mi>i</mi>);

/** The losses and both center updates, with the live values beside their symbols. */
export function FormulasPanel({ store }: { store: AppStore }) {
  const h = useApp(store, (s) => s.config.hyper);
  const classes = useApp(store, (s) => specOf(s).classNames.length);
  const p = useApp(store, (s) => mainRun(s).progress);
  const inUse = (rule: typeof h.rule) => (h.rule === rule ? <span data-testid={`rule-in-use-${rule}`}>, in use</span> : null);
  return (
    <section className="panel formulas" aria-labelledby="formulas-h">
      <h2 id="formulas-h">The method</h2>
      <Math_ label="Softmax loss: the mean cross-entropy over the batch">
        {sub(<mi>L</mi>, <mi>S</mi>)}
        <mo>=</mo>
        <mo>−</mo>
        <mfrac>
          <mn>1</mn>
          <mi>m</mi>
        </mfrac>
        {sumOverBatch}
        <mi>log</mi>
        <mspace width="0.2em" />
        {sub(<mi>p</mi>, yi)}
      </Math_>
      <Math_ label={`where p sub y i, the softmax probability of the true class of sample i, is e to its true-class logit over the sum of e to all ${classes === 10 ? 'ten' : classes} logits`}>
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
      </Math_>
      <p className="small">
        p<sub>y<sub>i</sub></sub> is the softmax probability of the true class y<sub>i</sub> of sample i; x<sub>i</sub> is its deep feature (2-D, or 3-D with featDim=3), W and b are fc2&apos;s weights and bias (b = 0 without fc2 bias), m is the batch size.
      </p>
      <p className="live">
        L<sub>S</sub> = <b data-testid="live-ce">{fmt(p?.ce)}</b>
      </p>
      <Math_ label="Center loss, reference convention: the mean squared distance of each feature to its class center">
        {sub(<mi>L</mi>, <mi>C</mi>)}
        <mo>=</mo>
        <mfrac>
          <mn>1</mn>
          <mi>m</mi>
        </mfrac>
        {sumOverBatch}
        {norm2(xMinusC(cyi))}
      </Math_>
      <p className="live">
        L<sub>C</sub> = <b data-testid="live-lc">{fmt(p?.centerLoss)}</b> <span className="muted small">(the paper writes ½ Σ without 1/m: {fmt(p?.centerLossPaper)})</span>
      </p>
      <Math_ label="Total loss: softmax loss plus lambda times center loss">
        <mi>L</mi>
        <mo>=</mo>
        {sub(<mi>L</mi>, <mi>S</mi>)}
        <mo>+</mo>
        <mi>λ</mi>
        <mo>⁢</mo>
        {sub(<mi>L</mi>, <mi>C</mi>)}
      </Math_>
      <p className="live">
        λ = <b data-testid="live-lambda">{h.lambda}</b>
        {h.lambda === 0 && <span className="muted"> (softmax only; the centers still follow the features)</span>}, L = <b>{fmt(p?.total)}</b>
      </p>
      <h3>Center update, α = {h.alpha}</h3>
      <p className="small">
        <b>Reference rule</b> (SGD on ∂L<sub>C</sub>/∂c<sub>j</sub> with learning rate α, independent of λ){inUse('reference')}
      </p>
      <Math_ label="Reference rule: gradient descent on the centers with learning rate alpha, independent of lambda">
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
      </Math_>
      <p className="small">
        <b>Paper rule</b> (Wen et al., Eq. 4: toward the class mean of the batch, n<sub>j</sub> samples of class j){inUse('paper')}
      </p>
      <Math_ label="Paper rule, equation 4: the centers move toward the class mean by alpha times n over one plus n">
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
            {sub(<mi>x</mi>, <mi>i</mi>)}
            <mo>)</mo>
          </mrow>
          <mrow>
            <mn>1</mn>
            <mo>+</mo>
            {sub(<mi>n</mi>, <mi>j</mi>)}
          </mrow>
        </mfrac>
      </Math_>
      <p className="muted small">
        At batch 128 (about 13 digits a class) and α = 0.5, the reference rule moves a center about 10% of the way to its batch mean per step, Eq. 4 about 46%.
      </p>
      <h3>What to look for</h3>
      <p className="small">
        With λ = 0 the softmax only needs the classes to be separable by angle: the features spread out along radial spokes, far from the origin. With λ &gt; 0 each digit is also pulled toward its center, so the classes shrink into compact blobs around their centers, and the intra / min-inter ratio in the metrics drops.
      </p>
    </section>
  );
}
