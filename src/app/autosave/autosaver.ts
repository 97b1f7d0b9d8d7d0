/** When to autosave, and what a save and a resume do to the page: the worker copies its runs, the page adds its charts and writes one record. */
import type { Hyper } from '../../ml/config';
import { describeSave } from '../../ml/savedSession';
import type { UiToWorker, WorkerToUi } from '../../workers/protocol';
import type { AppState } from '../store/appStore';
import type { Views } from '../views';
import { openRecord, pageHistory, RECORD_FORMAT, restoreHistory, type AutosaveRecord } from './record';
import type { SaveSlot } from './storage';

/** While training, a save every few seconds: a reload loses at most this much. */
export const AUTOSAVE_MS = 5000;

export interface AutosaveDeps {
  slot: SaveSlot;
  views: Views;
  current(): AppState;
  update(fn: (s: AppState) => AppState): void;
  send(msg: UiToWorker): void;
  nextId(): number;
  notify(kind: 'warning' | 'info', message: string): void;
}

/** What the state must differ in for a new save to be worth writing. */
const signature = (generation: number, step: number, hyper: Hyper) => `${generation}:${step}:${JSON.stringify(hyper)}`;

export class Autosaver {
  /** Off while a resume offer waits: a fresh model must not overwrite the save offered. */
  private armed = false;
  private inFlight: number | null = null;
  private again = false;
  private savedSignature = '';
  private offered: AutosaveRecord | null = null;
  private pendingResume: { id: number; record: AutosaveRecord } | null = null;
  /** A failing storage is reported once, not at every save. */
  private failureReported = false;
  /** The last record written (or that failed to write for lack of space): what a restarted worker resumes from. */
  last: AutosaveRecord | null = null;

  constructor(private readonly deps: AutosaveDeps) {}

  /** Reads the save of an earlier visit: a good one is offered, a damaged one reported and discarded. */
  async load(): Promise<void> {
    let raw: unknown;
    try {
      raw = await this.deps.slot.read();
    } catch (e) {
      this.failureReported = true;
      this.deps.notify('warning', `The autosave could not be read (${e instanceof Error ? e.message : String(e)}): training works, but a reload will not offer to resume.`);
      // Still armed: a restarted worker resumes from the copy kept in memory.
      return this.arm();
    }
    if (raw === undefined) return this.arm();
    const valid = await openRecord(raw);
    if (!valid.ok) {
      this.deps.notify('warning', `The autosave of an earlier visit could not be used (${valid.error}) and was discarded.`);
      await this.deps.slot.clear().catch(() => undefined);
      return this.arm();
    }
    const { record, session } = valid.value;
    this.offered = record;
    this.deps.update((s) => ({ ...s, resumeOffer: { step: session.step, summary: describeSave(session), savedAt: record.savedAt } }));
  }

  private arm(): void {
    this.armed = true;
    this.deps.update((s) => (s.resumeOffer ? { ...s, resumeOffer: null } : s));
  }

  /** A resume asked for and not yet answered: a worker replaced meanwhile must be given it again. */
  get pendingRecord(): AutosaveRecord | null {
    return this.pendingResume?.record ?? null;
  }

  /** Resume the offered save (or, after a crash, the last one written); returns the request's id, or null without one. */
  resume(record: AutosaveRecord | null = this.offered): { id: number; record: AutosaveRecord } | null {
    this.offered = null;
    this.arm();
    if (!record) return null;
    this.pendingResume = { id: this.deps.nextId(), record };
    return this.pendingResume;
  }

  /** Start fresh: the offer goes, and the next save replaces the old one. */
  /** The data changed: this visit's saves belong to the old data, so a restarted worker starts fresh. */
  forgetLast(): void {
    this.last = null;
  }

  discard(): void {
    if (!this.offered) return;
    this.offered = null;
    this.arm();
  }

  /** Asks the worker for a copy when the state moved since the last save, one at a time. */
  request(): void {
    const s = this.deps.current();
    if (!this.armed || s.awaitingReady || s.status === 'loading' || s.status === 'diverged' || !s.backend) return;
    if (signature(s.generation, s.step, s.config.hyper) === this.savedSignature) return;
    if (this.inFlight !== null) {
      this.again = true;
      return;
    }
    this.inFlight = this.deps.nextId();
    this.deps.send({ type: 'checkpoint', id: this.inFlight });
  }

  /** The worker's copy: add the charts up to its step and write the record. */
  async onCheckpoint(msg: Extract<WorkerToUi, { type: 'checkpoint' }>): Promise<void> {
    if (msg.id !== this.inFlight) return;
    const t0 = performance.now();
    const s = this.deps.current();
    const page = pageHistory(this.deps.views, s.runs.map((r) => r.id), msg.step);
    const record: AutosaveRecord = { format: RECORD_FORMAT, savedAt: Date.now(), step: msg.step, config: { ...s.config, hyper: msg.hyper }, session: msg.save, page };
    const historyMs = performance.now() - t0;
    this.last = record;
    try {
      // The page is held up while it gathers the charts and while IndexedDB clones the record; the write itself is off-thread.
      const pageMs = historyMs + (await this.deps.slot.write(record));
      this.savedSignature = signature(s.generation, msg.step, msg.hyper);
      this.deps.update((st) => ({ ...st, autosave: { step: msg.step, savedAt: record.savedAt, workerMs: msg.ms, pageMs } }));
    } catch (e) {
      const quota = e instanceof DOMException && e.name === 'QuotaExceededError';
      if (!this.failureReported)
        this.deps.notify('warning', quota ? 'The browser\u2019s storage is full: the run is not autosaved, and training goes on. Export the weights to keep them.' : `The autosave failed (${e instanceof Error ? e.message : String(e)}); training goes on.`);
      this.failureReported = true;
    } finally {
      this.inFlight = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    }
  }

  /** A refused checkpoint (a diverged run) ends the request. */
  onError(requestId: number | undefined): boolean {
    if (requestId === undefined) return false;
    if (requestId === this.inFlight) {
      this.inFlight = null;
      return true;
    }
    if (requestId === this.pendingResume?.id) {
      this.pendingResume = null;
      void this.deps.slot.clear().catch(() => undefined);
      return false;
    }
    return false;
  }

  /** On 'ready': a resume's charts come back from its record. */
  onReady(msg: Extract<WorkerToUi, { type: 'ready' }>): void {
    const p = this.pendingResume;
    if (msg.history.kind !== 'resumed' || p?.id !== msg.history.id) return;
    this.pendingResume = null;
    restoreHistory(this.deps.views, msg.runs.map((r) => r.id), p.record.page);
    this.savedSignature = '';
  }
}
