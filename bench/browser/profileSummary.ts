/** A CDP CPU profile summed by function (self and total time), its busy runs and its stalls: pure, no browser. */
const LONG_MS = Number(process.env.LONG_MS ?? 50);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  fn: string;
  selfMs: number;
  totalMs: number;
}

/** The profile's nodes by id, and each node's parent. */
function tree(p: Profile): { byId: Map<number, Node>; parent: Map<number, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { byId, parent };
}

/** Self and total milliseconds per function (name, file, line), most expensive first; idle excluded. */
export function summarizeProfile(p: Profile, top = 40): { seconds: number; busyMs: number; long: Array<{ ms: number; top: string[] }>; stalls: Record<string, number>; rows: ProfileRow[] } {
  const { byId, parent } = tree(p);
  const key = (n: Node) => {
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') return;
    busy += ms;
    self.set(key(n), (self.get(key(n)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  // Runs of busy samples of 50 ms or more (a gap under 2 ms joins them): the long tasks, with what they spent most on.
  const long: Array<{ ms: number; top: string[] }> = [];
  let run: { ms: number; fns: Map<string, number> } | null = null;
  const close = () => {
    if (run && run.ms >= LONG_MS) long.push({ ms: Math.round(run.ms), top: [...run.fns].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${Math.round(v)}`) });
    run = null;
  };
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (byId.get(id)!.callFrame.functionName === '(idle)' || ms > 2) return close();
    run ??= { ms: 0, fns: new Map() };
    run.ms += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (!seen.has(k)) run.fns.set(k, (run.fns.get(k) ?? 0) + ms);
      seen.add(k);
    }
  });
  close();
  // Samples whose interval was long: the thread stalled (descheduled, or in one native call) there.
  const stalls: Record<string, number> = {};
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (ms < 20) return;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 6; at = parent.get(at)) chain.push(key(byId.get(at)!));
    const k = chain.join(' < ');
    stalls[k] = Math.round((stalls[k] ?? 0) + ms);
  });
  const rows = [...total.keys()].map((fn) => ({ fn, selfMs: Math.round(self.get(fn) ?? 0), totalMs: Math.round(total.get(fn)!) }));
  rows.sort((a, b) => b.selfMs - a.selfMs);
  return { seconds: (p.endTime - p.startTime) / 1e6, busyMs: Math.round(busy), long, stalls, rows: rows.slice(0, top) };
}

/**
 * Where the unnamed frames' self time comes from (`wasm-function[N]` in a stripped wasm binary): for each of the `top`
 * frames matching `unnamed` with the most self time, that time split by the `depth` nearest named callers above it.
 */
export function callersOf(p: Profile, unnamed: RegExp, top = 6, depth = 3): Array<{ fn: string; selfMs: number; from: Array<{ chain: string; ms: number }> }> {
  const { byId, parent } = tree(p);
  const name = (n: Node) => n.callFrame.functionName;
  const named = (n: Node) => name(n) !== '' && !unnamed.test(name(n)) && !/^(\(.*\)|js-to-wasm.*)$/.test(name(n));
  const by = new Map<string, Map<string, number>>();
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    if (!unnamed.test(name(n))) return;
    const chain: string[] = [];
    for (let at = parent.get(id); at !== undefined && chain.length < depth; at = parent.get(at)) if (named(byId.get(at)!)) chain.push(name(byId.get(at)!));
    const m = by.get(name(n)) ?? new Map<string, number>();
    const k = chain.join(' < ');
    m.set(k, (m.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
    by.set(name(n), m);
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return [...by]
    .sort((a, b) => sum(b[1]) - sum(a[1]))
    .slice(0, top)
    .map(([fn, m]) => ({ fn, selfMs: Math.round(sum(m)), from: [...m].sort((a, b) => b[1] - a[1]).map(([chain, ms]) => ({ chain, ms: Math.round(ms) })) }));
}
