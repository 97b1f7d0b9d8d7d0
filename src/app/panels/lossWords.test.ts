import { describe, expect, it } from 'vitest';

import { LOSSES } from '../../ml/losses/registry';
import { lookFor } from './lookFor';
import { angularCaption } from './lossWords';

const deg = (d: number) => (d * Math.PI) / 180;

describe('each loss in its own terms', () => {
  it('the look-for line names each loss on screen once, in panel order, and keeps the center-loss sentences for a λ sweep', () => {
    const line = lookFor([{ loss: 'softmax', lambda: 1 }, { loss: 'center', lambda: 1 }, { loss: 'arcface', lambda: 1 }], null);
    expect(line.indexOf('Softmax')).toBeLessThan(line.indexOf('Center loss'));
    expect(line.indexOf('Center loss')).toBeLessThan(line.indexOf('ArcFace'));
    expect(line).toMatch(/ArcFace asks each digit to win by a margin of angle: on the unit circle \(a sphere in 3-D\) its features gather inside the wedge around its class's ray/);
    expect(line).not.toMatch(/CosFace|SphereFace/);
    expect(lookFor([{ loss: 'center', lambda: 0 }, { loss: 'center', lambda: 1 }], null)).toMatch(/^Softmax alone separates the digits by angle.*With center loss each digit is pulled toward its own center, and over the steps its spoke rounds into a tight blob/);
    expect(lookFor([{ loss: 'cosface', lambda: 1 }], 9)).toMatch(/CosFace .*Crosses are .*, never trained: pointing along no class’s ray/);
    expect(lookFor([{ loss: 'sphereface', lambda: 1 }], null, { classNames: ['T-shirt/top', 'Trouser'] })).toMatch(/SphereFace asks each class to win by m times its angle/);
  });

  it('an angular caption gives the mean angle to the class ray, the closest rays, and whether the wedge holds', () => {
    expect(angularCaption('arcface', { meanAngle: deg(12), leastWeightAngle: deg(64), margin: deg(28.6) }, 'digit')).toBe(
      'ArcFace: a feature points 12° from its class\'s ray on average. That is inside the ±29° wedge, and the closest two rays are 64° apart: the margin holds.',
    );
    // Close to its own ray is not enough: rays closer than two wedges leave those classes overlapping.
    expect(angularCaption('arcface', { meanAngle: deg(15), leastWeightAngle: deg(1), margin: deg(28.6) }, 'digit')).toBe(
      'ArcFace: a feature points 15° from its class\'s ray on average. The closest two rays are 1° apart, less than two ±29° wedges: their wedges overlap, and those digits are not kept apart.',
    );
    expect(angularCaption('cosface', { meanAngle: deg(40), leastWeightAngle: NaN, margin: deg(11.5) }, 'digit')).toBe(
      'CosFace: a feature points 40° from its class\'s ray on average. The wedge is ±12°: digits still stray outside it.',
    );
    expect(angularCaption('softmax', { meanAngle: deg(20), leastWeightAngle: deg(36), margin: null }, 'digit')).toMatch(/^Seen by angle: a feature points 20°/);
    expect(angularCaption('arcface', null, 'digit')).toMatch(/^Not trained yet/);
  });

  it('a caption names its loss as the registry does: a renamed row is renamed on screen, and a head that is not angular is only seen by angle', () => {
    const f = { meanAngle: deg(12), leastWeightAngle: deg(64), margin: deg(28.6) };
    for (const head of Object.values(LOSSES)) expect(angularCaption(head.kind, f, 'digit').startsWith(head.angular ? `${head.label}:` : 'Seen by angle:')).toBe(true);
    const row = LOSSES.cosface as { label: string };
    const label = row.label;
    try {
      row.label = 'CosFace (large-margin cosine)';
      expect(angularCaption('cosface', f, 'digit')).toMatch(/^CosFace \(large-margin cosine\): a feature points 12°/);
    } finally {
      row.label = label;
    }
  });
});
