/** The CLI's progress: a tqdm-like bar with rate and time left on a terminal, plain lines otherwise. Pure formatting, no I/O. */

export type ProgressMode = 'bar' | 'lines';

/** A terminal gets the bar; a pipe or file (CI logs, `| tee`) gets one plain line per report. */
export const progressModeFor = (isTTY: boolean | undefined): ProgressMode => (isTTY ? 'bar' : 'lines');

/** 75 → "01:15", 3725 → "1:02:05", as tqdm prints durations. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

export interface BarState {
  done: number;
  total: number;
  elapsedSec: number;
  /** Images per second over all runs. */
  imagesPerSec: number;
  /** Shown after the bar: the latest losses. */
  postfix?: string;
}

const FILLS = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** " 42%|████▎     | 197/469 [00:30<00:41, 840 img/s] CE 0.51": time left from the steps' pace so far. */
export function barLine(s: BarState, width = 30): string {
  const frac = s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  const cells = frac * width;
  const full = Math.floor(cells);
  const part = full < width ? FILLS[Math.floor((cells - full) * FILLS.length)]! : '';
  const bar = '█'.repeat(full) + part + ' '.repeat(Math.max(0, width - full - part.length));
  const left = s.done > 0 ? (s.elapsedSec / s.done) * (s.total - s.done) : NaN;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  return `${pct}|${bar}| ${s.done}/${s.total} [${formatDuration(s.elapsedSec)}<${formatDuration(left)}, ${Math.round(s.imagesPerSec)} img/s]${s.postfix ? ` ${s.postfix}` : ''}`;
}
