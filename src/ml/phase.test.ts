/** The phase rule on hand-made and recorded figures: each code, each boundary, and the hysteresis that keeps it from flickering. */
import { describe, expect, it } from 'vitest';
import type { EvalMetrics } from './metrics';
import { PHASE_THRESHOLDS as T, trainingPhase, type TrainingPhase } from './phase';

interface Figures { ratio?: number; acc?: number; elongation?: number; wb?: number }

/** Metrics with the figures the rule reads (intra / min-inter, test accuracy, elongation, within/between); the rest is plausible filler. */
const metrics = ({ ratio = 0.4, acc = 0.95, elongation = 1.6, wb = 0.05 }: Figures = {}): EvalMetrics => ({
  count: 1000,
  heldOut: null,
  knownCount: 1000,
  testAccuracy: acc,
  nearestCenterAccuracy: acc,
  intraDistance: 0.3,
  interMin: 0.3 / ratio,
  interMean: 1.5,
  intraOverInterMin: ratio,
  silhouette: 0.3,
  withinOverBetween: wb,
  elongation,
});

/** The phases along a run, each eval fed the phase before it: [λ, figures, twin's within/between or null]. */
const along = (evals: Array<[number, Figures, number | null]>, first = 10): TrainingPhase[] => {
  const out: TrainingPhase[] = [];
  evals.forEach(([lambda, f, twin], k) => out.push(trainingPhase(metrics(f), lambda, first + 10 * k, out.at(-1), twin)));
  return out;
};

describe('trainingPhase: untrained, softmax alone', () => {
  it('is start at step 0 of an untrained network whatever λ; a softmax-trained start is radial (spokes)', () => {
    expect(trainingPhase(metrics({ ratio: 3, acc: 0.1 }), 1, 0)).toBe('start');
    expect(trainingPhase(metrics({ ratio: 0.2, acc: 0.1 }), 0, 0, 'radial')).toBe('start');
    // The quick lesson's start (seed 1, CLI export measured by tools/torch-reference/shape.py): 95.7%, W/B 0.117, elongation 3.27.
    expect(trainingPhase(metrics({ ratio: 0.6, acc: 0.957, elongation: 3.27, wb: 0.117 }), 0, 0)).toBe('radial');
    expect(trainingPhase(metrics({ ratio: 0.6, acc: 0.957, elongation: 3.27, wb: 0.117 }), 0.05, 0)).toBe('radial');
    // A trained start that is not spokes is not called spokes.
    expect(trainingPhase(metrics({ acc: 0.95, elongation: 1.7 }), 0, 0)).toBe('angular');
  });

  it('λ = 0: start at chance, then radial only while the classes are spokes, angular otherwise', () => {
    expect(trainingPhase(metrics({ ratio: 5, acc: 0.15, elongation: 3 }), 0, 10)).toBe('start');
    expect(trainingPhase(metrics({ ratio: 5, acc: T.radialAccuracy, elongation: T.spokesEnter }), 0, 20, 'start')).toBe('radial');
    expect(trainingPhase(metrics({ ratio: 5, acc: T.radialAccuracy, elongation: T.spokesEnter - 1e-9 }), 0, 20, 'start')).toBe('angular');
    // Once spokes, spokes while at or above spokesStay; below it, no longer.
    expect(trainingPhase(metrics({ elongation: T.spokesStay }), 0, 30, 'radial')).toBe('radial');
    expect(trainingPhase(metrics({ elongation: T.spokesStay - 1e-9 }), 0, 30, 'radial')).toBe('angular');
    expect(trainingPhase(metrics({ elongation: 2.7 }), 0, 40, 'angular')).toBe('angular');
    // λ lowered to 0 from tight clusters: softmax alone, not yet spokes.
    expect(trainingPhase(metrics({ elongation: 1.7 }), 0, 400, 'compact')).toBe('angular');
  });
});

describe('trainingPhase: λ > 0', () => {
  it('inward while two centers sit closer than the features to their own (intra / min-inter ≥ 1); stacked below weakLambda', () => {
    expect(trainingPhase(metrics({ ratio: 3 }), 1, 10)).toBe('inward');
    expect(trainingPhase(metrics({ ratio: T.inwardExit }), 1, 10)).toBe('inward');
    expect(trainingPhase(metrics({ ratio: Infinity }), 0.5, 10)).toBe('inward');
    expect(trainingPhase(metrics({ ratio: 2 }), 0.01, 10)).toBe('stacked');
    expect(trainingPhase(metrics({ ratio: T.inwardExit - 1e-9, elongation: 2.3 }), 1, 10)).toBe('separating');
    // Back to inward only from inwardReenter.
    expect(trainingPhase(metrics({ ratio: T.inwardReenter - 1e-9, elongation: 2.3 }), 1, 250, 'separating')).toBe('separating');
    expect(trainingPhase(metrics({ ratio: T.inwardReenter }), 1, 250, 'compact')).toBe('inward');
  });

  it('tight clusters only when round and compact against the softmax-only twin: elongation and W/B at their bounds', () => {
    const twin = 0.13;
    expect(trainingPhase(metrics({ elongation: T.compactEnter, wb: twin * T.compactTwinEnter }), 1, 300, 'separating', twin)).toBe('compact');
    expect(trainingPhase(metrics({ elongation: T.compactEnter + 1e-9, wb: 0.03 }), 1, 300, 'separating', twin)).toBe('separating');
    expect(trainingPhase(metrics({ elongation: 1.5, wb: twin * T.compactTwinEnter + 1e-9 }), 1, 300, 'separating', twin)).toBe('separating');
    // Staying tight: up to the claim's bounds, 2.0 and 0.6× the twin, and not past them.
    expect(trainingPhase(metrics({ elongation: T.compactStay, wb: twin * T.compactTwinStay }), 1, 310, 'compact', twin)).toBe('compact');
    expect(trainingPhase(metrics({ elongation: T.compactStay + 1e-9, wb: 0.03 }), 1, 310, 'compact', twin)).toBe('rounding');
    expect(trainingPhase(metrics({ elongation: 1.5, wb: twin * T.compactTwinStay + 1e-9 }), 1, 310, 'compact', twin)).toBe('rounding');
  });

  it('with no twin, tight clusters need W/B ≤ 0.068 to start and end above 0.07', () => {
    expect(trainingPhase(metrics({ elongation: 1.6, wb: T.compactAloneEnter }), 1, 300, 'separating')).toBe('compact');
    expect(trainingPhase(metrics({ elongation: 1.6, wb: T.compactAloneEnter + 1e-9 }), 1, 300, 'separating')).toBe('separating');
    expect(trainingPhase(metrics({ elongation: 1.6, wb: T.compactAloneStay }), 1, 310, 'compact')).toBe('compact');
    expect(trainingPhase(metrics({ elongation: 1.6, wb: T.compactAloneStay + 1e-9 }), 1, 310, 'compact')).toBe('rounding');
    // A twin that has no figure yet counts as no twin.
    expect(trainingPhase(metrics({ elongation: 1.6, wb: 0.08 }), 1, 300, 'separating', NaN)).toBe('separating');
  });

  it('spokes while stretched, whatever the other figures: a spoke-shaped run never gets the tight-cluster caption', () => {
    for (const previous of [undefined, 'separating', 'rounding', 'compact', 'spokes', 'radial'] as const) {
      for (const elongation of [2.8, 3.2, 4]) {
        expect(trainingPhase(metrics({ ratio: 0.2, elongation, wb: 0.001 }), 1, 500, previous, 0.13)).toBe('spokes');
      }
    }
    // Stacked centers stay the earlier phase: spokes are about separated classes.
    expect(trainingPhase(metrics({ ratio: 2, elongation: 4 }), 1, 600, 'compact')).toBe('inward');
  });

  it('never calls anything with elongation above 2.0 or W/B above 0.6× the twin tight, from any phase', () => {
    const previous: Array<TrainingPhase | undefined> = [undefined, 'start', 'inward', 'stacked', 'separating', 'rounding', 'compact', 'radial', 'angular', 'spokes'];
    for (const p of previous) {
      for (let e = 1; e <= 4; e += 0.05) {
        for (const wb of [0.01, 0.05, 0.07, 0.078, 0.08, 0.12]) {
          const phase = trainingPhase(metrics({ ratio: 0.4, elongation: e, wb }), 1, 300, p, 0.13);
          if (e > 2.0 || wb > 0.6 * 0.13) expect(phase, `e ${e} wb ${wb} after ${p}`).not.toBe('compact');
          if (e < 2.6) expect(phase, `e ${e} after ${p}`).not.toBe('spokes');
        }
      }
    }
  });
});

describe('trainingPhase on recorded figures', () => {
  it('the quick lesson, seed 1 (CLI exports measured by tools/torch-reference/shape.py): spokes, then rounder, never tight while the picture is not', () => {
    // [step, λ > 0 run: acc / W/B / elongation, twin's W/B].
    const rows: Array<[number, number, number, number, number]> = [
      [20, 0.913, 0.119, 3.19, 0.12],
      [80, 0.938, 0.083, 2.48, 0.124],
      [230, 0.947, 0.065, 2.05, 0.132],
    ];
    const out: TrainingPhase[] = [trainingPhase(metrics({ ratio: 0.6, acc: 0.957, elongation: 3.27, wb: 0.117 }), 0.1, 0)];
    for (const [step, acc, wb, e, twin] of rows) out.push(trainingPhase(metrics({ ratio: 0.5, acc, wb, elongation: e }), 0.1, step, out.at(-1), twin));
    expect(out).toEqual(['radial', 'spokes', 'rounding', 'rounding']);
    // Its twin at the same steps (94.6% / 0.120 / 3.18 ... 3.72) stays spokes.
    const twin: TrainingPhase[] = ['radial'];
    for (const [step, e] of [[20, 3.18], [80, 3.12], [230, 3.72]] as const) twin.push(trainingPhase(metrics({ ratio: 0.6, elongation: e, wb: 0.12 }), 0, step, twin.at(-1)));
    expect(twin).toEqual(['radial', 'radial', 'radial', 'radial']);
  });

  it('the quick lesson in the app (seed 1, wasm, 500 test digits, the e2e test\'s record): never tight while W/B is above 0.58× the twin, the twin spokes throughout', () => {
    // [step, λ = 0.05 run: acc / elongation / W/B, twin: elongation / W/B], as the panels drew them.
    const rows: Array<[number, number, number, number, number, number]> = [
      [0, 0.97, 3.89, 0.107, 3.89, 0.107], [22, 0.922, 3.54, 0.107, 3.81, 0.11], [47, 0.946, 2.9, 0.081, 4.17, 0.121], [72, 0.942, 2.25, 0.069, 3.47, 0.11],
      [102, 0.948, 1.89, 0.067, 2.81, 0.104], [131, 0.96, 2.12, 0.064, 4.06, 0.121], [156, 0.952, 2.03, 0.058, 3.55, 0.11], [189, 0.958, 2.19, 0.055, 3.25, 0.099],
      [216, 0.944, 1.58, 0.056, 3.4, 0.095],
    ];
    const cl: TrainingPhase[] = [];
    const twin: TrainingPhase[] = [];
    for (const [step, acc, e, wb, te, twb] of rows) {
      cl.push(trainingPhase(metrics({ ratio: 0.45, acc, elongation: e, wb }), 0.05, step, cl.at(-1), twb));
      twin.push(trainingPhase(metrics({ ratio: 0.6, acc, elongation: te, wb: twb }), 0, step, twin.at(-1)));
    }
    expect(cl).toEqual(['radial', 'spokes', 'spokes', 'rounding', 'rounding', 'rounding', 'rounding', 'rounding', 'rounding']);
    expect(twin.every((p) => p === 'radial')).toBe(true);
  });

  it('PyTorch from the same start, b16 λ 0.2 (PyTorch, fast_train.py): 2.08 / 0.083 at step 100 is not tight, 1.83 / 0.074 at 200 is (twin 0.13)', () => {
    expect(trainingPhase(metrics({ elongation: 2.08, wb: 0.083 }), 0.2, 100, 'spokes', 0.13)).toBe('rounding');
    expect(trainingPhase(metrics({ elongation: 1.83, wb: 0.074 }), 0.2, 200, 'rounding', 0.13)).toBe('compact');
    // The frozen-trunk run: round (1.6–1.7) but W/B 0.09: not tight.
    expect(trainingPhase(metrics({ elongation: 1.65, wb: 0.09 }), 0.2, 1000, 'rounding', 0.13)).toBe('rounding');
  });

  it('does not flicker when the figures swing around the bounds from one eval to the next', () => {
    const twin = 0.13;
    // Elongation swinging 1.88–1.99 and W/B 0.07–0.077 after entering: compact throughout.
    const swings = along([
      [1, { elongation: 2.3, wb: 0.09 }, twin], [1, { elongation: 1.88, wb: 0.07 }, twin], [1, { elongation: 1.97, wb: 0.077 }, twin],
      [1, { elongation: 1.91, wb: 0.072 }, twin], [1, { elongation: 1.99, wb: 0.076 }, twin], [1, { elongation: 1.89, wb: 0.07 }, twin],
    ]);
    expect(swings).toEqual(['separating', 'compact', 'compact', 'compact', 'compact', 'compact']);
    // A twin spoke run swinging 2.65–2.9: radial throughout.
    expect(along([[0, { elongation: 3.1 }, null], [0, { elongation: 2.65 }, null], [0, { elongation: 2.9 }, null], [0, { elongation: 2.62 }, null]])).toEqual(['radial', 'radial', 'radial', 'radial']);
    // λ lowered then raised: spokes from 2.8, rounder below 2.6, tight again only inside the margin.
    const lowered = along([
      [1, { elongation: 1.7, wb: 0.05 }, twin], [0.01, { elongation: 2.3, wb: 0.08 }, twin], [0.01, { elongation: 2.7, wb: 0.1 }, twin], [0.01, { elongation: 2.85, wb: 0.11 }, twin],
      [0.01, { elongation: 2.65, wb: 0.11 }, twin], [1, { elongation: 2.4, wb: 0.09 }, twin], [1, { elongation: 1.95, wb: 0.075 }, twin], [1, { elongation: 1.85, wb: 0.06 }, twin],
    ], 400);
    expect(lowered).toEqual(['compact', 'rounding', 'rounding', 'spokes', 'spokes', 'rounding', 'rounding', 'compact']);
  });
});
