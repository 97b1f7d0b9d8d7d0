/** The angular-margin losses (SphereFace, CosFace, ArcFace): one large-margin softmax over cosines, differing only in ψ, the target class's modified cosine. */
import type { ReactNode } from 'react';
import { fmt, MathBlock, meanNegLog, norm, sub, theta, xi, yi, type FormulaProps } from './math';

export type MarginKind = 'sphereface' | 'cosface' | 'arcface';

const thetaYi = theta(yi);
const cosOf = (angle: ReactNode) => (
  <mrow>
    <mi>cos</mi>
    <mo>⁡</mo>
    {angle}
  </mrow>
);
const psi = (arg: ReactNode) => (
  <mrow>
    <mi>ψ</mi>
    <mo>(</mo>
    {arg}
    <mo>)</mo>
  </mrow>
);
const Wk = sub(<mi>W</mi>, <mi>k</mi>);

/** The ψ(θ) each loss puts in place of cos θ for the true class. */
function PsiDefinition({ kind }: { kind: MarginKind }) {
  if (kind === 'cosface')
    return (
      <MathBlock label="CosFace: psi of theta is cos theta minus m">
        {psi(<mi>θ</mi>)}
        <mo>=</mo>
        {cosOf(<mi>θ</mi>)}
        <mo>−</mo>
        <mi>m</mi>
      </MathBlock>
    );
  if (kind === 'arcface')
    return (
      <MathBlock label="ArcFace: psi of theta is the cosine of theta plus m">
        {psi(<mi>θ</mi>)}
        <mo>=</mo>
        {cosOf(
          <mrow>
            <mo>(</mo>
            <mi>θ</mi>
            <mo>+</mo>
            <mi>m</mi>
            <mo>)</mo>
          </mrow>,
        )}
      </MathBlock>
    );
  return (
    <MathBlock label="SphereFace: psi of theta is minus one to the k times the cosine of m theta, minus 2 k, for theta between k pi over m and k plus one pi over m">
      {psi(<mi>θ</mi>)}
      <mo>=</mo>
      <msup>
        <mrow>
          <mo>(</mo>
          <mo>−</mo>
          <mn>1</mn>
          <mo>)</mo>
        </mrow>
        <mi>k</mi>
      </msup>
      {cosOf(
        <mrow>
          <mi>m</mi>
          <mi>θ</mi>
        </mrow>,
      )}
      <mo>−</mo>
      <mn>2</mn>
      <mi>k</mi>
      <mo>,</mo>
      <mspace width="0.5em" />
      <mi>θ</mi>
      <mo>∈</mo>
      <mo>[</mo>
      <mfrac>
        <mrow>
          <mi>k</mi>
          <mi>π</mi>
        </mrow>
        <mi>m</mi>
      </mfrac>
      <mo>,</mo>
      <mfrac>
        <mrow>
          <mo>(</mo>
          <mi>k</mi>
          <mo>+</mo>
          <mn>1</mn>
          <mo>)</mo>
          <mi>π</mi>
        </mrow>
        <mi>m</mi>
      </mfrac>
      <mo>]</mo>
    </MathBlock>
  );
}

/** The scale in front of the cosines: s, or for SphereFace the feature's own length. */
const scale = (kind: MarginKind) => (kind === 'sphereface' ? norm(xi) : <mi>s</mi>);

const WORDS: Record<MarginKind, { name: string; margin: string; look: string }> = {
  sphereface: {
    name: 'SphereFace (A-Softmax, Liu et al., 2017)',
    margin: 'a multiplicative angular margin: the true class must win with m times its angle',
    look: 'Every class is squeezed into a narrow cone around its weight ray; the length of a feature is free, so clusters are thin wedges, not blobs. Early on the plain softmax term dominates (λ_s large); as λ_s falls toward its floor the margin takes over and the wedges narrow.',
  },
  cosface: {
    name: 'CosFace (large-margin cosine loss, Wang et al., 2018)',
    margin: 'an additive cosine margin: the true class must win by m in cosine',
    look: 'Only directions count: on the unit circle each class gathers around its weight ray, with a gap of at least m in cosine to its neighbours. The length of a feature plays no part in the loss.',
  },
  arcface: {
    name: 'ArcFace (additive angular margin, Deng et al., 2019)',
    margin: 'an additive angular margin: the true class must win by m radians of angle',
    look: 'Only directions count: on the unit circle each class gathers inside the wedge around its weight ray, a margin m of angle clear of the others. The length of a feature plays no part in the loss.',
  },
};

/** What one of the three angular losses computes, with the live s, m (after any ramp) and SphereFace's mixing weight. */
export function MarginFormula({ kind, live, ...props }: FormulaProps & { kind: MarginKind; live: { s: number | null; m: number; marginRadians: number | null; lambdaS: number | null } }) {
  const { progress: p, classes } = props;
  const w = WORDS[kind];
  const exp = (arg: ReactNode) => (
    <msup>
      <mi>e</mi>
      <mrow>
        {scale(kind)}
        <mo>⁢</mo>
        {arg}
      </mrow>
    </msup>
  );
  return (
    <>
      <p className="small">
        <b>{w.name}</b>: {w.margin}. The logits are cosines: fc2&apos;s weight rows and the feature are both normalised{kind === 'sphereface' ? ', and the feature keeps its length as the scale' : ', then multiplied by the scale s'}. fc2&apos;s bias is not used.
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
      <MathBlock label={`${w.name}: the mean over the batch of minus the log of p sub y i`}>
        <mi>L</mi>
        <mo>=</mo>
        {meanNegLog(sub(<mi>p</mi>, yi), 'N')}
      </MathBlock>
      <MathBlock label="where p sub y i is e to the scaled psi of the true-class angle, over that plus the sum over the other classes of e to the scaled cosine">
        {sub(<mi>p</mi>, yi)}
        <mo>=</mo>
        <mfrac>
          {exp(psi(thetaYi))}
          <mrow>
            {exp(psi(thetaYi))}
            <mo>+</mo>
            <munder>
              <mo>∑</mo>
              <mrow>
                <mi>k</mi>
                <mo>≠</mo>
                {yi}
              </mrow>
            </munder>
            {exp(cosOf(theta(<mi>k</mi>)))}
          </mrow>
        </mfrac>
      </MathBlock>
      <PsiDefinition kind={kind} />
      {kind === 'sphereface' && (
        <>
          <p className="small">
            To start training, the true class&apos;s logit mixes in the plain cosine, with a weight λ<sub>s</sub> that falls with the step t to a floor:
          </p>
          <MathBlock label="SphereFace's annealed true-class logit: lambda s times the plain cosine plus psi, over one plus lambda s, times the feature length">
            {norm(xi)}
            <mfrac>
              <mrow>
                {sub(<mi>λ</mi>, <mi>s</mi>)}
                {cosOf(thetaYi)}
                <mo>+</mo>
                {psi(thetaYi)}
              </mrow>
              <mrow>
                <mn>1</mn>
                <mo>+</mo>
                {sub(<mi>λ</mi>, <mi>s</mi>)}
              </mrow>
            </mfrac>
            <mo>,</mo>
            <mspace width="0.5em" />
            {sub(<mi>λ</mi>, <mi>s</mi>)}
            <mo>=</mo>
            <mi>max</mi>
            <mo>(</mo>
            {sub(<mi>λ</mi>, <mi>min</mi>)}
            <mo>,</mo>
            <mn>1000</mn>
            <msup>
              <mrow>
                <mo>(</mo>
                <mn>1</mn>
                <mo>+</mo>
                <mn>0.12</mn>
                <mi>t</mi>
                <mo>)</mo>
              </mrow>
              <mrow>
                <mo>−</mo>
                <mn>1</mn>
              </mrow>
            </msup>
            <mo>)</mo>
          </MathBlock>
        </>
      )}
      <p className="live">
        {live.s !== null && (
          <>
            s = <b data-testid="live-s">{live.s}</b>,{' '}
          </>
        )}
        m = <b data-testid="live-m">{+live.m.toFixed(4)}</b>
        {live.marginRadians !== null && <span className="muted"> (the wedge on the scatter: ±{((live.marginRadians * 180) / Math.PI).toFixed(1)}°)</span>}
        {live.lambdaS !== null && (
          <>
            , λ<sub>s</sub> = <b data-testid="live-lambda-s">{fmt(live.lambdaS)}</b>
          </>
        )}
        , L = <b data-testid="live-total">{fmt(p?.total)}</b>
      </p>
      <p className="small muted">{classes} classes; θ<sub>k</sub> is the angle between x<sub>i</sub> and class k&apos;s weight row, N is the batch size, m the margin.</p>
      <h3>What to look for</h3>
      <p className="small">{w.look}</p>
    </>
  );
}
