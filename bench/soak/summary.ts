/** The soak's figures from its samples, and whether they hold. Pure: the unit tests reach it. */

export interface Sample {
  /** Seconds since the soak began. */
  t: number;
  tensors: number | null;
  pageMB: number;
  workerMB: number | null;
}

export interface ActionRecord {
  name: string;
  at: number;
  applied: boolean;
  detail?: string;
}

export interface Bounds {
  /** Growth of a heap over the soak's second half, MB per minute, beyond which it counts as a leak. */
  slopeMBPerMin: number;
  /** The slope is judged only on soaks at least this long: before, the page's bounded buffers are still filling. */
  slopeFromMinutes: number;
  /** Headroom over the first minute's largest heap, MB. */
  headroomMB: number;
}

export interface SeriesSummary {
  first: number;
  last: number;
  max: number;
  /** Least-squares slope over the second half of the soak, MB per minute. */
  slope: number;
}

/** One autosave as the page showed it: how long the worker copied the runs, how long the page was held up. */
export interface SaveTiming {
  step: number;
  workerMs: number;
  pageMs: number;
}

const spread = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return { median: r2(s[Math.floor(s.length / 2)] ?? NaN), max: r2(s[s.length - 1] ?? NaN) };
};

export interface SoakReport {
  minutes: number;
  /** The app's settings (its URL hash). */
  hash: string;
  samples: number;
  tensors: { first: number; last: number; max: number; afterReset: number[] };
  heapMB: { page: SeriesSummary; worker: SeriesSummary };
  bounds: Bounds;
  autosave: { count: number; workerMs: { median: number; max: number }; pageMs: { median: number; max: number } };
  errors: string[];
  actions: ActionRecord[];
  ok: boolean;
  why: string[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function slopePerMinute(points: ReadonlyArray<{ t: number; v: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  const cov = points.reduce((s, p) => s + (p.t - mt) * (p.v - mv), 0);
  const vt = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return vt === 0 ? 0 : (cov / vt) * 60;
}

export function seriesSummary(points: ReadonlyArray<{ t: number; v: number }>): SeriesSummary {
  if (!points.length) return { first: NaN, last: NaN, max: NaN, slope: NaN };
  const end = points[points.length - 1]!.t;
  const secondHalf = points.filter((p) => p.t >= end / 2);
  return { first: r2(points[0]!.v), last: r2(points[points.length - 1]!.v), max: r2(Math.max(...points.map((p) => p.v))), slope: r2(slopePerMinute(secondHalf)) };
}

/** Holds when nothing failed, every action applied, every reset returned to the same tensor count, and no heap grew past its bound. */
export function summarise(minutes: number, samples: Sample[], afterReset: number[], actions: ActionRecord[], errors: string[], bounds: Bounds, saves: SaveTiming[] = [], hash = ''): SoakReport {
  const tensors = samples.map((s) => s.tensors).filter((v): v is number => v !== null);
  const series = (pick: (s: Sample) => number | null) => samples.flatMap((s) => (pick(s) === null ? [] : [{ t: s.t, v: pick(s)! }]));
  const page = series((s) => s.pageMB);
  const worker = series((s) => s.workerMB);
  const heapMB = { page: seriesSummary(page), worker: seriesSummary(worker) };
  const why: string[] = [];
  if (errors.length) why.push(`${errors.length} errors`);
  const failed = actions.filter((a) => !a.applied);
  if (failed.length) why.push(`not applied: ${failed.map((a) => a.name).join(', ')}`);
  if (afterReset.length < 2) why.push('fewer than two resets measured');
  else if (new Set(afterReset).size > 1) why.push(`tensor counts after the resets differ: ${afterReset.join(', ')}`);
  for (const [name, pts] of [['page', page], ['worker', worker]] as const) {
    const s = name === 'page' ? heapMB.page : heapMB.worker;
    if (!pts.length) {
      why.push(`no ${name} heap samples`);
      continue;
    }
    const firstMinute = Math.max(...pts.filter((p) => p.t <= 60).map((p) => p.v), pts[0]!.v);
    if (minutes >= bounds.slopeFromMinutes && s.slope > bounds.slopeMBPerMin) why.push(`${name} heap grows ${s.slope} MB/min (bound ${bounds.slopeMBPerMin})`);
    if (s.max > firstMinute + bounds.headroomMB) why.push(`${name} heap reached ${s.max} MB, over ${r2(firstMinute)} + ${bounds.headroomMB} MB`);
  }
  return {
    minutes,
    hash,
    samples: samples.length,
    tensors: { first: tensors[0] ?? NaN, last: tensors[tensors.length - 1] ?? NaN, max: tensors.length ? Math.max(...tensors) : NaN, afterReset },
    heapMB,
    bounds,
    autosave: { count: saves.length, workerMs: spread(saves.map((x) => x.workerMs)), pageMs: spread(saves.map((x) => x.pageMs)) },
    errors,
    actions,
    ok: why.length === 0,
    why,
  };
}
