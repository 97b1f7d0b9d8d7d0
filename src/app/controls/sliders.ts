/** Slider position (0..100) ↔ value mappings for the log sliders. */

export const LAMBDA_MIN = 1e-4;
export const LAMBDA_MAX = 10;

/** Position 0 is exactly λ = 0 (softmax only); 1..100 spans 1e-4..10 logarithmically. */
export function lambdaFromPos(pos: number): number {
  if (pos <= 0) return 0;
  const t = (pos - 1) / 99;
  return +Math.pow(10, Math.log10(LAMBDA_MIN) + t * (Math.log10(LAMBDA_MAX) - Math.log10(LAMBDA_MIN))).toPrecision(2);
}

export function posFromLambda(v: number): number {
  if (v <= 0) return 0;
  const t = (Math.log10(Math.min(LAMBDA_MAX, Math.max(LAMBDA_MIN, v))) - Math.log10(LAMBDA_MIN)) / (Math.log10(LAMBDA_MAX) - Math.log10(LAMBDA_MIN));
  return Math.round(1 + t * 99);
}

export const LR_MIN = 1e-4;
export const LR_MAX = 1;

export function lrFromPos(pos: number): number {
  return +Math.pow(10, Math.log10(LR_MIN) + (pos / 100) * (Math.log10(LR_MAX) - Math.log10(LR_MIN))).toPrecision(2);
}

export function posFromLr(v: number): number {
  return Math.round(((Math.log10(Math.min(LR_MAX, Math.max(LR_MIN, v))) - Math.log10(LR_MIN)) / (Math.log10(LR_MAX) - Math.log10(LR_MIN))) * 100);
}
