import { describe, expect, it } from 'vitest';
import { CSV_HEADER, runsToCsv } from './csv';
import { createSeries } from './series';

describe('metrics CSV', () => {
  it('has a row per report, with eval columns where an eval ran', () => {
    const s = createSeries(10);
    s.evals.push({ step: 0, testAcc: 0.1, nearestAcc: 0.2, elongation: 3.3, withinBetween: 0.12 });
    s.loss.push({ step: 5, lambda: 1, ce: 2.3, weightedCenter: 0.5, total: 2.8, trainAcc: 0.25 });
    s.loss.push({ step: 10, lambda: 1, ce: 1.5, weightedCenter: 0.25, total: 1.75, trainAcc: 0.5 });
    s.evals.push({ step: 10, testAcc: 0.6, nearestAcc: 0.7, elongation: 1.8, withinBetween: 0.06 });
    expect(runsToCsv([{ run: 'main', lambda: 1, loss: 'center', series: s }]).trim().split('\n')).toEqual([
      CSV_HEADER,
      'main,1,0,,,,,0.1,0.2,3.3,0.12,center,mnist,',
      'main,1,5,2.3,0.5,2.8,0.25,,,,,center,mnist,',
      'main,1,10,1.5,0.25,1.75,0.5,0.6,0.7,1.8,0.06,center,mnist,',
    ]);
  });

  it('names the held-out class on every row (its accuracies are on the known digits)', () => {
    const s = createSeries(10);
    s.loss.push({ step: 5, lambda: 1, ce: 2.3, weightedCenter: 0.5, total: 2.8, trainAcc: 0.25 });
    s.evals.push({ step: 5, testAcc: 0.9, nearestAcc: 0.8, elongation: 2.1, withinBetween: 0.07 });
    const lines = runsToCsv([{ run: 'main', lambda: 1, loss: 'center', series: s }], 9).trim().split('\n');
    expect(lines[0]!.split(',').at(-1)).toBe('held_out_class');
    expect(lines[1]).toBe('main,1,5,2.3,0.5,2.8,0.25,0.9,0.8,2.1,0.07,center,mnist,9');
  });

  it('names the dataset on every row', () => {
    const s = createSeries(10);
    s.loss.push({ step: 5, lambda: 1, ce: 0.9, weightedCenter: 0.5, total: 1.4, trainAcc: 0.7 });
    s.evals.push({ step: 5, testAcc: 0.75, nearestAcc: 0.7, elongation: NaN, withinBetween: NaN });
    const lines = runsToCsv([{ run: 'run1', lambda: 1, loss: 'center', series: s }], 3, 'fashion-mnist').trim().split('\n');
    const header = lines[0]!.split(',');
    expect(lines[1]!.split(',')[header.indexOf('dataset')]).toBe('fashion-mnist');
    expect(lines[1]!.split(',')[header.indexOf('held_out_class')]).toBe('3');
    // An older save's evals have no shape figures: the cells are empty, not "NaN".
    expect(lines[1]!.split(',')[header.indexOf('elongation')]).toBe('');
  });

  it('holds every run, each row naming its run, its λ and its loss', () => {
    const a = createSeries(10);
    const b = createSeries(10);
    a.loss.push({ step: 1, lambda: 0, ce: 2, weightedCenter: 0, total: 2, trainAcc: 0.1 });
    b.loss.push({ step: 1, lambda: 1, ce: 2.1, weightedCenter: 0.4, total: 2.5, trainAcc: 0.1 });
    const lines = runsToCsv([{ run: 'softmaxOnly', lambda: 0, loss: 'softmax', series: a }, { run: 'main', lambda: 1, loss: 'center', series: b }]).trim().split('\n');
    expect(lines.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(['softmaxOnly,0,1,2', 'main,1,1,2.1']);
    const loss = lines[0]!.split(',').indexOf('loss');
    expect(lines.slice(1).map((r) => r.split(',')[loss])).toEqual(['softmax', 'center']);
  });

  it('labels each row with the λ it was trained at, as the control moved', () => {
    const s = createSeries(10);
    s.loss.push({ step: 1, lambda: 1, ce: 2, weightedCenter: 1, total: 3, trainAcc: 0.1 });
    s.loss.push({ step: 2, lambda: 0.1, ce: 2, weightedCenter: 0.1, total: 2.1, trainAcc: 0.1 });
    expect(runsToCsv([{ run: 'run0', lambda: 0.1, loss: 'center', series: s }]).trim().split('\n').slice(1).map((r) => r.split(',')[1])).toEqual(['1', '0.1']);
  });

  it('keeps only the newest rows once the ring buffer is full', () => {
    const s = createSeries(3);
    for (let i = 1; i <= 5; i++) s.loss.push({ step: i, lambda: 1, ce: i, weightedCenter: 0, total: i, trainAcc: 0 });
    expect(runsToCsv([{ run: 'main', lambda: 1, loss: 'center', series: s }]).trim().split('\n').slice(1).map((r) => r.split(',')[2])).toEqual(['3', '4', '5']);
  });
});
