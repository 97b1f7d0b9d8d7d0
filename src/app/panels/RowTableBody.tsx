/** The body of a per-run table (rowTable.ts): a row per figure any run has, a cell per run. */
import { cellText, rowsFor, type TableRow } from './rowTable';

export function RowTableBody<C extends { key: string }>({ rows, columns }: { rows: readonly TableRow<C>[]; columns: readonly C[] }) {
  return (
    <tbody>
      {rowsFor(rows, columns).map((row) => (
        <tr key={row.label} title={row.hint}>
          <th scope="row">{row.label}</th>
          {columns.map((c) => (
            <td key={c.key} data-testid={row.testId} {...dataAttributes(row.data?.(c))}>
              {cellText(row, c)}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

const dataAttributes = (d: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  d ? Object.fromEntries(Object.entries(d).map(([k, v]) => [`data-${k}`, v])) : {};
