import { describe, expect, it } from 'vitest';
import { frozenWords } from './frozenNote';

describe('frozenWords', () => {
  it('says nothing when every layer learns', () => {
    expect(frozenWords(0)).toBeNull();
  });
  it('names how many stages keep the start’s weights', () => {
    expect(frozenWords(2)).toContain('first 2 convolution stages keep the start');
    expect(frozenWords(1)).toContain('first convolution stage keeps');
  });
});
