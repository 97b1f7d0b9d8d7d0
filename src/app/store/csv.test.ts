import { describe, expect, it } from 'vitest';
import { seriesToCsv } from './csv';
import { createSeries } from './series';

describe('metrics CSV', () => {
  it('has a row per report, with eval columns where an eval ran', () => {
    const s = createSeries(10);
    s.evals.push({ step: 0, testAcc: 0.1, nearestAcc: 0.2 });
    s.loss.push({ step: 5, ce: 2.3, weightedCenter: 0.5, total: 2.8, trainAcc: 0.25 });
    s.loss.push({ step: 10, ce: 1.5, weightedCenter: 0.25, total: 1.75, trainAcc: 0.5 });
    s.evals.push({ step: 10, testAcc: 0.6, nearestAcc: 0.7 });
    expect(seriesToCsv(s).trim().split('\n')).toEqual([
      'step,softmax_loss,weighted_center_loss,total_loss,train_accuracy,test_accuracy,nearest_center_accuracy',
      '0,,,,,0.1,0.2',
      '5,2.3,0.5,2.8,0.25,,',
      '10,1.5,0.25,1.75,0.5,0.6,0.7',
    ]);
  });

  it('keeps only the newest rows once the ring buffer is full', () => {
    const s = createSeries(3);
    for (let i = 1; i <= 5; i++) s.loss.push({ step: i, ce: i, weightedCenter: 0, total: i, trainAcc: 0 });
    expect(seriesToCsv(s).trim().split('\n').slice(1).map((r) => r.split(',')[0])).toEqual(['3', '4', '5']);
  });
});
