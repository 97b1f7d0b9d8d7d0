/** MathML building blocks shared by every loss's formulas (MathML Core: typeset by the browser, no images, no fonts to load). */
import type { ReactNode } from 'react';
import type { Hyper } from '../../../ml/config';
import type { ProgressReport } from '../../../workers/protocol';

export const fmt = (v: number | undefined | null) => (v === undefined || v === null || !Number.isFinite(v) ? '–' : Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toExponential(2));

/** A block of MathML. */
export function MathBlock({ label, children }: { label: string; children: ReactNode }) {
  return (
    <math display="block" aria-label={label}>
      {children}
    </math>
  );
}

export const sub = (base: ReactNode, s: ReactNode) => (
  <msub>
    {base}
    {s}
  </msub>
);
export const norm = (inner: ReactNode) => (
  <mrow>
    <mo>‖</mo>
    {inner}
    <mo>‖</mo>
  </mrow>
);
export const norm2 = (inner: ReactNode) => (
  <msup>
    {norm(inner)}
    <mn>2</mn>
  </msup>
);
export const xi = sub(<mi>x</mi>, <mi>i</mi>);
export const yi = sub(<mi>y</mi>, <mi>i</mi>);
/** Limits always below and above, also inside a fraction, where MathML would move them to the side. */
export const LIMITS = { mathStyle: 'normal' } as const;
/** Σ_{lo = 1}^{hi}. */
export const sumFromOne = (lo: string, hi: ReactNode) => (
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
export const sumOverBatch = sumFromOne('i', <mi>m</mi>);
/** −(1/batch) Σ_i log … : the batch mean of a negative log-probability (the angular losses call the batch size N: their m is the margin). */
export const meanNegLog = (of: ReactNode, batch = 'm') => (
  <>
    <mo>−</mo>
    <mfrac>
      <mn>1</mn>
      <mi>{batch}</mi>
    </mfrac>
    {sumFromOne('i', <mi>{batch}</mi>)}
    <mi>log</mi>
    <mspace width="0.2em" />
    {of}
  </>
);
/** θ_{k}: the angle between sample i's feature and class k's weight vector. */
export const theta = (k: ReactNode) => sub(<mi>θ</mi>, k);

/** What every formula module is given: the live settings, the main run's latest report, the class count and the step. */
export interface FormulaProps {
  hyper: Hyper;
  progress: ProgressReport | null;
  classes: number;
  step: number;
}
