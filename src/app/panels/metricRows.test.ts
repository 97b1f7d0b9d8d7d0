import { describe, expect, it } from 'vitest';
import { LOSSES, type LossKind } from '../../ml/losses/registry';
import type { ProgressReport } from '../../workers/protocol';
import { METRIC_ROWS, type MetricColumn } from './metricRows';
import { cellText, NOT_KEPT, rowsFor } from './rowTable';

const progress = { ce: 0.5, centerLoss: 2, centerLossPaper: 8, weightedCenterLoss: 0.2, trainAccuracy: 0.9, lr: 0.01 } as ProgressReport;
const column = (loss: LossKind): MetricColumn => ({ key: loss, metrics: null, progress, head: LOSSES[loss] });
const labels = (losses: LossKind[]) => rowsFor(METRIC_ROWS, losses.map(column)).map((r) => r.label);
const CENTER_ROWS = ['Center loss L_C', 'L_C, paper convention', 'λ·L_C'];

describe('the Metrics table has the rows its runs’ loss heads have', () => {
  it('no L_C rows where no run keeps centers', () => {
    for (const losses of [['softmax'], ['arcface'], ['softmax', 'cosface', 'arcface']] as LossKind[][]) {
      const shown = labels(losses);
      expect(shown).toContain('Softmax loss L_S');
      for (const r of CENTER_ROWS) expect(shown).not.toContain(r);
    }
  });

  it('beside center loss the L_C rows are there, and a run without centers says it has none rather than a number', () => {
    const columns = (['softmax', 'center', 'arcface'] as LossKind[]).map(column);
    const rows = rowsFor(METRIC_ROWS, columns);
    for (const label of CENTER_ROWS) {
      const row = rows.find((r) => r.label === label)!;
      expect(columns.map((c) => cellText(row, c))).toEqual([NOT_KEPT, row.cell(columns[1]!), NOT_KEPT]);
    }
    expect(cellText(rows.find((r) => r.label === 'λ·L_C')!, columns[1]!)).toBe('0.200');
  });

  it('every registry row that reports L_C gets the rows: the registry decides, not the loss’s name', () => {
    for (const head of Object.values(LOSSES)) expect(labels([head.kind]).includes('Center loss L_C')).toBe(head.parts.includes('centerLoss'));
  });
});
