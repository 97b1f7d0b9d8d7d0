/** The autosave's one slot in IndexedDB. Every call resolves or rejects; none throws. */
import { done, openStore, request } from '../idb';

export interface SaveSlot {
  read(): Promise<unknown>;
  /** Resolves with the milliseconds the page was blocked copying the record (IndexedDB clones it synchronously). */
  write(record: unknown): Promise<number>;
  clear(): Promise<void>;
}

const DB = 'center-loss-lab';
const STORE = 'autosave';
const KEY = 'latest';

const open = (): Promise<IDBDatabase> => openStore(DB, STORE);

export function indexedDbSlot(): SaveSlot {
  let db: Promise<IDBDatabase> | null = null;
  const get = () => (db ??= open().catch((e: unknown) => {
    db = null;
    throw e;
  }));
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<{ result: T; ms: number }> => {
    const tx = (await get()).transaction(STORE, mode);
    const t0 = performance.now();
    const r = fn(tx.objectStore(STORE));
    const ms = performance.now() - t0;
    const result = await request(r);
    await done(tx);
    return { result, ms };
  };
  return {
    read: async () => (await run('readonly', (s) => s.get(KEY))).result,
    write: async (record) => (await run('readwrite', (s) => s.put(record, KEY))).ms,
    clear: async () => void (await run('readwrite', (s) => s.delete(KEY))),
  };
}

/** In memory: the tests', and the page's where IndexedDB is missing (a private window in some browsers). */
export function memorySlot(): SaveSlot & { value: unknown } {
  const slot = {
    value: undefined as unknown,
    read: async () => slot.value,
    write: async (record: unknown) => {
      slot.value = structuredClone(record);
      return 0;
    },
    clear: async () => void (slot.value = undefined),
  };
  return slot;
}
