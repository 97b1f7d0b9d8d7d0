import { describe, expect, it } from 'vitest';
import { MAX_CLASSES } from '../../ml/datasetSpec';
import { classShape, discLabels, shapeCorners, swatchBackground } from './classMarks';
import { classColor } from './colors';

describe('class marks', () => {
  it('keeps MNIST as it was: ten colours, all circles, the digit on the disc', () => {
    expect(Array.from({ length: 10 }, (_, k) => classShape(k))).toEqual(Array(10).fill('circle'));
    expect(discLabels(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('tells every one of 62 classes apart by colour and shape together', () => {
    const marks = Array.from({ length: MAX_CLASSES }, (_, k) => `${classColor(k)}/${classShape(k)}`);
    expect(new Set(marks).size).toBe(MAX_CLASSES);
    for (let k = 10; k < MAX_CLASSES; k++) expect(shapeCorners(classShape(k), 0, 0, 3)).not.toBeNull();
    expect(swatchBackground(classShape(12), classColor(12))).toContain('svg');
  });

  it('labels the discs with short names that stay distinct', () => {
    const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    const f = discLabels(fashion);
    expect(new Set(f).size).toBe(10);
    expect(f.every((l) => l.length <= 3)).toBe(true);
    expect(f[1]).toBe('Tr');
    const letters = Array.from({ length: 26 }, (_, k) => String.fromCharCode(65 + k));
    expect(discLabels(letters)).toEqual(letters);
    // "class 0" … "class 25" share every short prefix: the index it is.
    const custom = Array.from({ length: 26 }, (_, k) => `class ${k}`);
    expect(discLabels(custom)).toEqual(custom.map((_, k) => String(k)));
  });
});
