/** NormFace (Wang et al. 2017): softmax on the normalised feature and the normalised fc2 rows, scaled by s, with no margin on any class. */
import { NORMFACE } from './registry';
import { largeMarginHead } from './margin';
import { paramOf } from './schedules';

const d = NORMFACE.defaults as { normS: number };

export const normfaceLoss = largeMarginHead({
  kind: 'normface',
  scale: (h) => paramOf(h, 'normS', d.normS),
  target: (ct) => ct,
});
