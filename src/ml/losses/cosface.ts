/** CosFace (Wang et al. 2018), large-margin cosine loss: the target cosine is cos θ − m, the logits scaled by s; m ramped in when asked. */
import * as tf from '@tensorflow/tfjs';
import { COSFACE } from './registry';
import { largeMarginHead } from './margin';
import { paramOf, rampedMargin } from './schedules';

const d = COSFACE.defaults as { cosS: number; cosM: number };

export const cosfaceLoss = largeMarginHead({
  kind: 'cosface',
  scale: (h) => paramOf(h, 'cosS', d.cosS),
  target: (ct, h, step) => tf.sub(ct, rampedMargin(paramOf(h, 'cosM', d.cosM), h.marginRampSteps, step)),
});
