import { describe, expect, it } from 'vitest';
import { verdictText } from './probeWords';

describe('the open-set verdict in words', () => {
  it('names the digit, or says how far out it is in typical distances', () => {
    expect(verdictText({ known: true, nearest: 3, ratio: 0.8 })).toBe('looks like a 3');
    expect(verdictText({ known: true, nearest: 8, ratio: 0.8 })).toBe('looks like an 8');
    expect(verdictText({ known: false, nearest: 3, ratio: 2.74 })).toBe('unknown: 2.7× the typical distance to the nearest center');
  });
});
