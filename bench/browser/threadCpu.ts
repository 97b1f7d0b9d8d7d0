/**
 * CPU time of the page's renderer main thread, from /proc (Linux): unlike CDP's TaskDuration, which is wall time of the
 * main thread's tasks, it does not grow when a loaded machine deschedules the thread mid-task.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SEC = 100;

/** utime + stime of one /proc stat line, in seconds. */
export function cpuSecondsOf(stat: string): number {
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS_PER_SEC;
}

const read = (p: string): string | null => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};

/** Renderer processes descended from this process (our own Chromium, not another bench's), with their main threads' CPU seconds. */
export function rendererMainCpu(): Map<number, number> {
  const out = new Map<number, number>();
  if (!existsSync('/proc/self/stat')) return out;
  const parent = new Map<number, number>();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  for (const pid of pids) {
    const s = read(`/proc/${pid}/stat`);
    if (s) parent.set(pid, Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const mine = (pid: number) => {
    for (let p: number | undefined = pid, n = 0; p !== undefined && p > 1 && n < 64; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  for (const pid of pids) {
    if (!mine(pid) || !(read(`/proc/${pid}/cmdline`) ?? '').includes('--type=renderer')) continue;
    const s = read(`/proc/${pid}/task/${pid}/stat`);
    if (s) out.set(pid, cpuSecondsOf(s));
  }
  return out;
}

/** The busiest renderer's main-thread CPU seconds per second between two readings (the page's; the others idle). */
export function mainCpuShare(before: Map<number, number>, after: Map<number, number>, seconds: number): number | null {
  let best: number | null = null;
  for (const [pid, t] of after) {
    const d = t - (before.get(pid) ?? t);
    if (best === null || d > best) best = d;
  }
  return best === null || seconds <= 0 ? null : Math.round((best / seconds) * 100) / 100;
}
