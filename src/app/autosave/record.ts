/** What an autosave keeps: the worker's complete session and the page's history of it, checked when read back. No DOM. */
import { z } from 'zod';
import { isPacked, pack, unpack, type Packed } from '../../ml/bufferPack';
import { firstIssue, type RunConfig, type Validated } from '../../ml/config';
import { validateSavedSession, type SavedSession } from '../../ml/savedSession';
import type { RunId } from '../../workers/protocol';
import { clearMarkers, clearSeries, EVAL_KEYS, LATER_EVAL_KEYS, LOSS_KEYS, type EvalKey, type HyperMarker, type LaterEvalKey, type LossKey } from '../store/series';
import { viewOf, type Views } from '../views';

export const RECORD_FORMAT = 'center-loss-lab/autosave';

/** One run's curves, column by column. */
export interface RunHistory {
  loss: Record<LossKey, number[]>;
  /** Optional: older autosaves lack the shape columns. */
  evals: Record<Exclude<EvalKey, LaterEvalKey>, number[]> & Partial<Record<LaterEvalKey, number[]>>;
}

/** The charts as they stood at the saved step: every run's curves and the change markers. */
export interface PageHistory {
  runs: RunHistory[];
  markers: Array<Pick<HyperMarker, 'step' | 'keys' | 'label'>>;
}

/** What IndexedDB holds: the worker's SavedSession still packed (one ArrayBuffer: every engine stores those), with the step and settings it is at. */
export interface AutosaveRecord {
  format: typeof RECORD_FORMAT;
  /** Date.now() when it was written. */
  savedAt: number;
  step: number;
  config: RunConfig;
  session: Packed;
  page: PageHistory;
}

const column = z.array(z.number());
const pageSchema = z.object({
  runs: z.array(z.object({ loss: z.object(Object.fromEntries(LOSS_KEYS.map((k) => [k, column]))), evals: z.object(Object.fromEntries(EVAL_KEYS.map((k) => [k, LATER_EVAL_KEYS.has(k) ? column.optional() : column]))) })),
  markers: z.array(z.object({ step: z.number(), keys: z.string(), label: z.string() })),
});
const recordSchema = z.object({ format: z.literal(RECORD_FORMAT), savedAt: z.number(), session: z.custom<unknown>(isPacked, 'its session is not packed'), page: pageSchema });

/** A record read back from storage: its own schema, the session's once unpacked (sizes included), and one history per run. */
export async function openRecord(x: unknown): Promise<Validated<{ record: AutosaveRecord; session: SavedSession }>> {
  const parsed = recordSchema.safeParse(x);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const session = validateSavedSession(await unpack(parsed.data.session).catch((e: unknown) => e));
  if (!session.ok) return session;
  const s = session.value;
  const page = parsed.data.page as PageHistory;
  if (page.runs.length !== s.runs.length) return { ok: false, error: `its charts hold ${page.runs.length} runs where its weights hold ${s.runs.length}` };
  const stored = parsed.data.session as Packed | { blob: Blob };
  // A save written before saves were packed (a Blob) comes back as an ArrayBuffer, so that its next write stores in every engine.
  const record: AutosaveRecord = { format: RECORD_FORMAT, savedAt: parsed.data.savedAt, step: s.step, config: s.config, session: 'buffer' in stored ? stored : pack(s), page };
  return { ok: true, value: { record, session: s } };
}

/** The page's history up to `step` (reports that arrived after the worker's copy are left out). */
export function pageHistory(views: Views, ids: readonly RunId[], step: number): PageHistory {
  const cut = <K extends string>(cols: Record<K, { toArray(): number[] }>, keys: readonly K[]): Record<K, number[]> => {
    const steps = (cols as Record<string, { toArray(): number[] }>).step!.toArray();
    const n = steps.findIndex((s) => s > step);
    const end = n < 0 ? steps.length : n;
    return Object.fromEntries(keys.map((k) => [k, cols[k].toArray().slice(0, end)])) as Record<K, number[]>;
  };
  return {
    runs: ids.map((id) => {
      const s = viewOf(views, id).series;
      return { loss: cut(s.loss.cols, LOSS_KEYS), evals: cut(s.evals.cols, EVAL_KEYS) };
    }),
    markers: views.markers.items.filter((m) => m.step <= step).map(({ step: at, keys, label }) => ({ step: at, keys, label })),
  };
}

/** Fills the charts of the resumed runs from a save. */
export function restoreHistory(views: Views, ids: readonly RunId[], h: PageHistory): void {
  ids.forEach((id, k) => {
    const s = viewOf(views, id).series;
    clearSeries(s);
    const run = h.runs[k];
    if (!run) return;
    run.loss.step.forEach((_, i) => s.loss.push(Object.fromEntries(LOSS_KEYS.map((key) => [key, run.loss[key][i] ?? NaN])) as Record<LossKey, number>));
    run.evals.step.forEach((_, i) => s.evals.push(Object.fromEntries(EVAL_KEYS.map((key) => [key, run.evals[key]?.[i] ?? NaN])) as Record<EvalKey, number>));
  });
  clearMarkers(views.markers);
  // Restored markers start no gesture: a new change never folds into one of them.
  for (const m of h.markers) views.markers.items.push({ ...m, at: -Infinity });
  views.markers.version++;
}
