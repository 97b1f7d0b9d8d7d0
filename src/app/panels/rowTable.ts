/** The per-run tables' one pattern (Metrics, By angle): a list of rows, each a label, a hint and a cell per run; a row only the runs that have the figure fill. */

/** One row of a table with a column per run. */
export interface TableRow<C> {
  label: string;
  /** The row's tooltip: what the figure is. */
  hint: string;
  cell: (c: C) => string;
  /** Whether a run has this figure at all (its loss head computes it); a row no run has is left out. Default: every run. */
  has?: (c: C) => boolean;
  /** data-testid on each cell, and its data-* attributes: what tests and tools read. */
  testId?: string;
  data?: (c: C) => Readonly<Record<string, string>>;
}

/** What a cell says for a run whose loss has no such figure. */
export const NOT_KEPT = 'none';

/** The rows at least one run has. */
export const rowsFor = <C>(rows: readonly TableRow<C>[], columns: readonly C[]): TableRow<C>[] => rows.filter((r) => !r.has || columns.some(r.has));

export const cellText = <C>(row: TableRow<C>, c: C): string => (row.has && !row.has(c) ? NOT_KEPT : row.cell(c));
