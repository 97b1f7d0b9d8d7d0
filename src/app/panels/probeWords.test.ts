import { describe, expect, it } from 'vitest';
import { verdictText, withArticle } from './probeWords';

describe('the open-set verdict in words', () => {
  it('names the digit, or says how far out it is in typical distances', () => {
    expect(verdictText({ known: true, nearest: 3, ratio: 0.8 })).toBe('looks like a 3');
    expect(verdictText({ known: true, nearest: 8, ratio: 0.8 })).toBe('looks like an 8');
    expect(verdictText({ known: false, nearest: 3, ratio: 2.74 })).toBe('unknown: 2.7× the typical distance to the nearest center');
    // A loss without centers rejects by angle, and says so.
    expect(verdictText({ known: false, nearest: 3, ratio: 2.74 }, undefined, 'angle')).toBe("unknown: 2.7× the typical angle to the nearest class's ray");
  });

  it('names the class of any dataset, with the right article', () => {
    const fashion = { classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] };
    expect(verdictText({ known: true, nearest: 9, ratio: 0.5 }, fashion)).toBe('looks like an Ankle boot');
    expect(verdictText({ known: true, nearest: 1, ratio: 0.5 }, fashion)).toBe('looks like a Trouser');
    expect(verdictText({ known: false, nearest: 1, ratio: 3 }, fashion)).toBe('unknown: 3.0× the typical distance to the nearest center');
    expect(withArticle('11')).toBe('an 11');
    expect(withArticle('18')).toBe('an 18');
    expect(withArticle('7')).toBe('a 7');
  });
});
