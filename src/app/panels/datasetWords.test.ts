import { describe, expect, it } from 'vitest';
import { faultsByFile, parseClassNames } from './datasetWords';

describe('dataset panel words', () => {
  it('puts each line of the fault beside the file it names; the rest once', () => {
    const names = ['a.gz', 'a.gz.1', 'b', 'c'];
    // 'c' is inside "expected": only a name standing as a word counts.
    const r = faultsByFile(names, 'a.gz.1: wrong magic number 0x12345678\nthe files: expected four IDX files\nb: has 9 labels but c has 20 images');
    expect(r.perFile.get('b')).toBe('has 9 labels but c has 20 images');
    expect(r.perFile.get('a.gz.1')).toBe('wrong magic number 0x12345678');
    expect(r.perFile.has('a.gz')).toBe(false);
    expect(r.general).toBe('the files: expected four IDX files');
  });

  it('takes one name a line, as many as classes, none empty and no two alike', () => {
    expect(parseClassNames('circle\n square \ntriangle\n', 3)).toEqual({ ok: true, names: ['circle', 'square', 'triangle'] });
    expect(parseClassNames('circle\nsquare', 3)).toEqual({ ok: false, error: 'Give one name a line for each of the 3 classes (2 given).' });
    expect(parseClassNames('circle\n\ntriangle', 3)).toEqual({ ok: false, error: 'Class 1 has no name.' });
    expect(parseClassNames('circle\ncircle\ntriangle', 3)).toEqual({ ok: false, error: 'Classes 0 and 1 are both called "circle".' });
    expect(parseClassNames(`${'x'.repeat(41)}\ny`, 2).ok).toBe(false);
  });
});
