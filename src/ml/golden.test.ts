import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CENTER_CASES, expectClose, loadReference, type CenterCase } from '../../test/reference';
import { centerGradient, paperDelta, updatedCenters } from './centers';
import { centerLoss, paperCenterLoss, sqDistToOwnCenter } from './losses/centerTerms';
import { crossEntropy } from './losses/crossEntropy';

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flat(Infinity) : [v]) as number[];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(CENTER_CASES)('center loss golden vectors: %s', (file) => {
  const c = loadReference<CenterCase>(file);
  const { features, labels, centers, lambda, alpha } = c.inputs;
  const d = features[0]!.length;
  const setup = () => ({
    x: tf.tensor2d(features),
    cs: tf.tensor2d(centers),
    oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D,
  });

  it('per-sample squared distances and both conventions of L_C', () => {
    const r = tf.tidy(() => {
      const { x, cs, oneHot } = setup();
      return [sqDistToOwnCenter(x, cs, oneHot), centerLoss(x, cs, oneHot), paperCenterLoss(x, cs, oneHot)].map((t) => t.arraySync());
    });
    expectClose(flat(r[0]), flat(c.outputs.per_sample_sq_dist));
    expectClose(flat(r[1]), flat(c.outputs.center_loss_ref_exact));
    expectClose(flat(r[2]), flat(c.outputs.center_loss_paper_sum_half));
  });

  it('gradients of λ·L_C with respect to the features and the centers', async () => {
    const { x, cs, oneHot } = setup();
    const g = tf.grads((xx: tf.Tensor, cc: tf.Tensor) => tf.mul(lambda, centerLoss(xx as tf.Tensor2D, cc as tf.Tensor2D, oneHot)));
    const [gx, gc] = g([x, cs]);
    expectClose(await gx!.data(), flat(c.outputs.grad_features_ref_weighted_by_lambda));
    expectClose(await gc!.data(), flat(c.outputs.grad_centers_autograd_weighted_by_lambda));
    // The closed form used by the reference rule equals autodiff's ∂L_C/∂c.
    expectClose(await centerGradient(x, cs, oneHot).data(), flat(c.outputs.grad_centers_ref));
    tf.dispose([x, cs, oneHot, gx!, gc!]);
  });

  it('both center-update rules', () => {
    const r = tf.tidy(() => {
      const { x, cs, oneHot } = setup();
      return {
        ref: updatedCenters('reference', x, cs, oneHot, alpha).arraySync().flat(),
        delta: paperDelta(x, cs, oneHot).arraySync().flat(),
        paper: updatedCenters('paper', x, cs, oneHot, alpha).arraySync().flat(),
      };
    });
    expectClose(r.ref, flat(c.outputs.centers_after_ref_sgd));
    expectClose(r.delta, flat(c.outputs.delta_centers_paper_eq4));
    expectClose(r.paper, flat(c.outputs.centers_after_paper_eq4));
    expect(r.ref.length).toBe(10 * d);
  });
});

interface CeCase {
  name: string;
  inputs: { logits: number[][]; labels: number[] };
  outputs: { loss_mean: number; softmax: number[][]; grad_logits: number[][] };
}

describe('cross-entropy golden vectors', () => {
  for (const c of loadReference<CeCase[]>('softmax_ce.json')) {
    it(c.name, async () => {
      const logits = tf.tensor2d(c.inputs.logits);
      const oneHot = tf.oneHot(tf.tensor1d(c.inputs.labels, 'int32'), 10).toFloat() as tf.Tensor2D;
      const loss = crossEntropy(logits as tf.Tensor2D, oneHot);
      const grad = tf.grad((z: tf.Tensor) => crossEntropy(z as tf.Tensor2D, oneHot))(logits);
      expectClose(await loss.data(), [c.outputs.loss_mean]);
      expectClose(await grad.data(), flat(c.outputs.grad_logits));
      tf.dispose([logits, oneHot, loss, grad]);
    });
  }
});

interface PreluCase {
  name: string;
  inputs: { x_shape: number[]; x: unknown; weight: number | number[]; grad_output: unknown };
  outputs: { y: unknown; grad_x: unknown; grad_weight: number | number[] };
}

describe('PReLU golden vectors (one shared slope)', () => {
  for (const c of loadReference<PreluCase[]>('prelu.json')) {
    it(c.name, async () => {
      const x = tf.tensor(flat(c.inputs.x), c.inputs.x_shape);
      const w = tf.tensor1d(flat(c.inputs.weight));
      const gy = tf.tensor(flat(c.inputs.grad_output), c.inputs.x_shape);
      const y = tf.prelu(x, w);
      const [gx, gw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.prelu(xx, ww), gy)))([x, w]);
      expectClose(await y.data(), flat(c.outputs.y));
      expectClose(await gx!.data(), flat(c.outputs.grad_x));
      expectClose(await gw!.data(), flat(c.outputs.grad_weight));
      tf.dispose([x, w, gy, y, gx!, gw!]);
    });
  }
});
