/** Where the labels of the hyper-parameter change markers go: inside the plot, never on top of each other. Pure. */

export interface MarkerAt {
  /** The marker's line, px. */
  px: number;
  label: string;
}

export interface PlacedLabel {
  text: string;
  /** The label's box, px: x0 is where its text starts (left-aligned). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface MarkerLayout {
  placed: PlacedLabel[];
  /** Labels with no free place: said beside the chart instead. */
  overflow: string[];
}

const GAP = 4;

/**
 * Right of its line, or left of it when the right edge would cut it; on the first row down where it overlaps
 * nothing placed; past `maxRows` rows it moves to the overflow list.
 */
export function layoutMarkerLabels(markers: readonly MarkerAt[], measure: (text: string) => number, plot: { left: number; right: number; top: number }, rowPx: number, maxRows: number): MarkerLayout {
  const rows: PlacedLabel[][] = Array.from({ length: Math.max(1, maxRows) }, () => []);
  const placed: PlacedLabel[] = [];
  const overflow: string[] = [];
  for (const m of [...markers].filter((m) => m.label).sort((a, b) => a.px - b.px)) {
    const w = measure(m.label);
    let x0 = m.px + 3;
    if (x0 + w > plot.right) x0 = m.px - 3 - w;
    x0 = Math.max(plot.left, Math.min(x0, plot.right - w));
    const x1 = x0 + w;
    const r = rows.findIndex((row) => row.every((p) => x1 + GAP <= p.x0 || x0 >= p.x1 + GAP));
    if (r < 0) {
      overflow.push(m.label);
      continue;
    }
    const box = { text: m.label, x0, x1, y0: plot.top + 2 + r * rowPx, y1: plot.top + 2 + (r + 1) * rowPx };
    rows[r]!.push(box);
    placed.push(box);
  }
  return { placed, overflow };
}
