/** The autosave's one slot in IndexedDB. Every call resolves or rejects; none throws. */
export interface SaveSlot {
  read(): Promise<unknown>;
  /** Resolves with the milliseconds the page was blocked copying the record (IndexedDB clones it synchronously). */
  write(record: unknown): Promise<number>;
  clear(): Promise<void>;
}

const DB = 'center-loss-lab';
const STORE = 'autosave';
const KEY = 'latest';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DB, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

/** Resolves once the transaction is durable, so that a record is never half written. */
function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

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
