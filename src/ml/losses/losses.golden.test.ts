/** Each loss head against PyTorch in float64 (test/reference/loss_<kind>_d<2|3>.json): forward, gradients, three SGD steps; and the mutations the goldens must reject. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '../../../test/reference';
import { PRESET_HYPER, type Hyper } from '../config';
import { sgdUpdate } from '../optimizer';
import { LOSS_MATH } from './heads';
import { LOSS_KINDS, type LossKind } from './registry';
import { marginLoss, type MarginHook } from './margin';
import type { LossMath } from './types';

interface LossCase {
  name: string;
  inputs: { features: number[][]; labels: number[]; weight: number[][]; bias: number[]; centers?: number[][]; params: Partial<Hyper>; step: number };
  outputs: {
    loss: number;
    parts: { ce: number; center?: number };
    logits: number[][];
    gradFeatures: number[][];
    gradWeight: number[][];
    gradBias: number[];
    steps: Array<{ step: number; loss: number; features: number[][]; weight: number[][]; bias: number[]; centers?: number[][] }>;
  };
}
interface LossFile {
  kind: LossKind;
  featDim: number;
  optimizer: { lr: number; momentum: number; steps: number };
  cases: LossCase[];
}

const C = 10;
const flat = (v: number[][] | number[]): number[] => (v as number[][]).flat();
/** Worst |a − e| relative to the largest |e| (at least 1): float32 against float64. */
const worst = (a: ArrayLike<number>, e: number[]) => {
  const scale = Math.max(1, ...e.map(Math.abs));
  let w = 0;
  for (let i = 0; i < e.length; i++) w = Math.max(w, Math.abs(a[i]! - e[i]!) / scale);
  return w;
};
const TOL = 2e-5;

const hyperOf = (kind: LossKind, c: LossCase): Hyper => ({ ...PRESET_HYPER.reference, loss: kind, ...c.inputs.params });

function tensors(c: LossCase) {
  return {
    features: tf.tensor2d(c.inputs.features),
    // The files hold fc2 as PyTorch does, [C, d]; tfjs multiplies by [d, C].
    weight: tf.tidy(() => tf.transpose(tf.tensor2d(c.inputs.weight)) as tf.Tensor2D),
    bias: tf.tensor1d(c.inputs.bias),
    oneHot: tf.tidy(() => tf.oneHot(tf.tensor1d(c.inputs.labels, 'int32'), C).toFloat() as tf.Tensor2D),
    centers: c.inputs.centers ? tf.tensor2d(c.inputs.centers) : null,
  };
}

/** Loss, logits and the three gradients at the case's step, from a head's loss function. */
function evaluate(math: LossMath, kind: LossKind, c: LossCase, step = c.inputs.step, loss = math.loss) {
  const t = tensors(c);
  const vars = [tf.variable(t.features), tf.variable(t.weight), tf.variable(t.bias)] as const;
  try {
    return tf.tidy(() => {
    const hyper = hyperOf(kind, c);
    const { value, grads: g } = tf.variableGrads(() => loss({ ...t, features: vars[0] as tf.Tensor2D, weight: vars[1] as tf.Tensor2D, bias: vars[2] as tf.Tensor1D, hyper, step }).total, [...vars]);
    // The angular heads leave the bias out: no gradient, which PyTorch reports as zeros.
    const grads = vars.map((v) => g[v.name] ?? tf.zerosLike(v));
    const out = loss({ ...t, hyper, step });
    return {
      loss: value.dataSync()[0]!,
      ce: out.parts.ce!.dataSync()[0]!,
      centerLoss: out.parts.centerLoss?.dataSync()[0],
      logits: out.logits.dataSync(),
      gradFeatures: grads[0]!.dataSync(),
      gradWeight: tf.transpose(grads[1]!).dataSync(),
      gradBias: grads[2]!.dataSync(),
    };
    });
  } finally {
    tf.dispose([...vars, t.features, t.weight, t.bias, t.oneHot, ...(t.centers ? [t.centers] : [])]);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FILES = LOSS_KINDS.flatMap((kind) => [2, 3].map((d) => ({ kind, d, file: loadReference<LossFile>(`loss_${kind}_d${d}.json`) })));

describe.each(FILES)('$kind in $d-D against PyTorch float64', ({ kind, file }) => {
  const math = LOSS_MATH[kind];

  it.each(file.cases.map((c) => [c.name, c] as const))('%s: loss, parts, logits after the margin, ∂L/∂x, ∂L/∂W, ∂L/∂b', (_name, c) => {
    const before = tf.memory().numTensors;
    const r = evaluate(math, kind, c);
    expect(tf.memory().numTensors).toBe(before);
    expect(worst([r.loss], [c.outputs.loss])).toBeLessThan(TOL);
    expect(worst([r.ce], [c.outputs.parts.ce])).toBeLessThan(TOL);
    if (kind === 'center') expect(worst([r.centerLoss!], [c.outputs.parts.center!])).toBeLessThan(TOL);
    expect(worst(r.logits, flat(c.outputs.logits))).toBeLessThan(TOL);
    expect(worst(r.gradFeatures, flat(c.outputs.gradFeatures))).toBeLessThan(1e-4);
    expect(worst(r.gradWeight, flat(c.outputs.gradWeight))).toBeLessThan(1e-4);
    expect(worst(r.gradBias, c.outputs.gradBias)).toBeLessThan(1e-4);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s: three steps of SGD with momentum on x, W, b (and the centers by their rule), the step advancing', (_name, c) => {
    const before = tf.memory().numTensors;
    const hyper = hyperOf(kind, c);
    const t = tensors(c);
    const vars = [tf.variable(t.features), tf.variable(t.weight), tf.variable(t.bias)] as const;
    const bufs = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v))));
    const centers = t.centers ? tf.variable(t.centers) : null;
    try {
      for (const [s, ref] of c.outputs.steps.entries()) {
        const step = c.inputs.step + s;
        const lossValue = tf.tidy(() => {
          const feats = vars[0].clone() as tf.Tensor2D;
          const { value, grads } = tf.variableGrads(() => math.loss({ ...t, features: vars[0] as tf.Tensor2D, weight: vars[1] as tf.Tensor2D, bias: vars[2] as tf.Tensor1D, centers: centers as tf.Tensor2D | null, hyper, step }).total, [...vars]);
          vars.forEach((v, i) => sgdUpdate(v, bufs[i]!, grads[v.name] ?? tf.zerosLike(v), { lr: file.optimizer.lr, momentum: file.optimizer.momentum, weightDecay: 0 }));
          if (centers && math.updateCenters) centers.assign(math.updateCenters(feats, centers as tf.Tensor2D, t.oneHot, hyper));
          return value.dataSync()[0]!;
        });
        expect(worst([lossValue], [ref.loss]), `step ${step} loss`).toBeLessThan(TOL);
        expect(worst(vars[0].dataSync(), flat(ref.features)), `step ${step} features`).toBeLessThan(1e-4);
        expect(worst(tf.tidy(() => tf.transpose(vars[1]).dataSync()), flat(ref.weight)), `step ${step} W`).toBeLessThan(1e-4);
        expect(worst(vars[2].dataSync(), ref.bias), `step ${step} b`).toBeLessThan(1e-4);
        if (ref.centers) expect(worst(centers!.dataSync(), flat(ref.centers)), `step ${step} centers`).toBeLessThan(1e-4);
      }
    } finally {
      tf.dispose([...vars, ...bufs, t.features, t.weight, t.bias, t.oneHot, ...(t.centers ? [t.centers] : []), ...(centers ? [centers] : [])]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The label's column moved to the next class: where a margin on the wrong logit would go. */
const nextClass = (oneHot: tf.Tensor2D) => tf.concat([tf.slice(oneHot, [0, C - 1], [-1, 1]), tf.slice(oneHot, [0, 0], [-1, C - 1])], 1) as tf.Tensor2D;

describe('the goldens reject the mistakes they are there to catch', () => {
  const angular = FILES.filter((f) => f.kind === 'sphereface' || f.kind === 'cosface' || f.kind === 'arcface');

  it.each(angular.map((f) => [`${f.kind} ${f.d}-D`, f] as const))('%s: a margin on the wrong logit', (_n, { kind, file }) => {
    const hook = (LOSS_MATH[kind] as LossMath & { hook: MarginHook }).hook;
    for (const c of file.cases) {
      const wrong = evaluate(LOSS_MATH[kind], kind, c, c.inputs.step, (input) => marginLoss(hook, input, nextClass(input.oneHot)));
      // Ten times the tolerance the golden tests accept with.
      expect(worst(wrong.logits, flat(c.outputs.logits)), c.name).toBeGreaterThan(10 * TOL);
      expect(worst(wrong.gradWeight, flat(c.outputs.gradWeight)), c.name).toBeGreaterThan(10 * 1e-4);
    }
  });

  it.each(FILES.filter((f) => f.kind === 'normface').map((f) => [`normface ${f.d}-D`, f] as const))('%s: a scale off by a tenth, or a margin of 0.05 on the target cosine', (_n, { kind, file }) => {
    const math = LOSS_MATH[kind];
    const hook = (math as LossMath & { hook: MarginHook }).hook;
    for (const c of file.cases) {
      const rescaled = evaluate(math, kind, c, c.inputs.step, (input) => math.loss({ ...input, hyper: { ...input.hyper, normS: 1.1 * c.inputs.params.normS! } }));
      const margined = evaluate(math, kind, c, c.inputs.step, (input) => marginLoss({ ...hook, target: (ct) => tf.sub(ct, 0.05) as tf.Tensor1D }, input));
      for (const [what, wrong] of [['scale', rescaled], ['margin', margined]] as const) {
        expect(worst([wrong.loss], [c.outputs.loss]), `${c.name} ${what}`).toBeGreaterThan(10 * TOL);
        expect(worst(wrong.gradFeatures, flat(c.outputs.gradFeatures)), `${c.name} ${what}`).toBeGreaterThan(10 * 1e-4);
      }
    }
  });

  // Annealing (SphereFace's λ_s), the margin ramp (CosFace, ArcFace) and λ's warm-up (center loss): one step early or late is off.
  const scheduled = FILES.flatMap(({ kind, d, file }) => file.cases.filter((c) => isScheduled(kind, c)).map((c) => [`${kind} ${d}-D ${c.name}`, kind, c] as const));

  it('has a scheduled case for each head that schedules', () => {
    expect(new Set(scheduled.map(([, kind]) => kind))).toEqual(new Set(['center', 'sphereface', 'cosface', 'arcface']));
  });

  it.each(scheduled)('%s: the schedule off by one step', (_n, kind, c) => {
    const error = (step: number) => {
      const r = evaluate(LOSS_MATH[kind], kind, c, step);
      return Math.max(worst([r.loss], [c.outputs.loss]), worst(r.logits, flat(c.outputs.logits)));
    };
    const right = error(c.inputs.step);
    expect(right).toBeLessThan(TOL);
    // Rejected by the tolerance the golden tests accept with, and clearly apart from float32's own error at the right step.
    for (const step of [c.inputs.step - 1, c.inputs.step + 1]) expect(error(step), `step ${step}`).toBeGreaterThan(Math.max(TOL, 4 * right));
  });
});

/** A case whose schedule is moving at its step (and has a step before it). */
function isScheduled(kind: LossKind, c: LossCase): boolean {
  const p = c.inputs.params;
  const s = c.inputs.step;
  if (s < 1) return false;
  if (kind === 'center') return (p.lambdaWarmupSteps ?? 0) > s + 1;
  if (kind === 'sphereface') return 1000 / (1 + 0.12 * (s + 1)) > (p.sphereLambdaMin ?? 5);
  if (kind === 'cosface' || kind === 'arcface') return (p.marginRampSteps ?? 0) > s + 1;
  return false;
}
