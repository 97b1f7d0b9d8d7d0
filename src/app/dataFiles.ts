/** The IDX files the user dropped, kept in IndexedDB so that a reload, a resume, a restarted worker and an offline visit train on them again. */
import type { DataSource } from '../workers/protocol';
import { done, openStore, request } from './idb';

export type FilesSource = Extract<DataSource, { kind: 'files' }>;

export interface DataSlot {
  /** The files kept, or null (MNIST); a failed read is null too: the bundled data always works. */
  read(): Promise<FilesSource | null>;
  write(data: FilesSource): Promise<void>;
  clear(): Promise<void>;
}

// A database of its own: its version never has to follow the autosave's.
const DB = 'center-loss-lab-data';
const STORE = 'files';
const KEY = 'dropped';

const isFilesSource = (v: unknown): v is FilesSource => {
  const d = v as FilesSource | null;
  return !!d && d.kind === 'files' && Array.isArray(d.files) && d.files.every((f) => typeof f?.name === 'string' && f.bytes instanceof ArrayBuffer);
};

export function indexedDbDataSlot(): DataSlot {
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await openStore(DB, STORE);
    try {
      const tx = db.transaction(STORE, mode);
      const result = await request(fn(tx.objectStore(STORE)));
      await done(tx);
      return result;
    } finally {
      db.close();
    }
  };
  return {
    read: async () => {
      try {
        const v = await run('readonly', (s) => s.get(KEY));
        return isFilesSource(v) ? v : null;
      } catch {
        return null;
      }
    },
    write: async (data) => void (await run('readwrite', (s) => s.put(data, KEY))),
    clear: async () => void (await run('readwrite', (s) => s.delete(KEY))),
  };
}

/** In memory: the tests', and the page's where IndexedDB is missing. */
export function memoryDataSlot(initial: FilesSource | null = null): DataSlot & { value: FilesSource | null } {
  const slot = {
    value: initial,
    read: async () => slot.value,
    write: async (data: FilesSource) => void (slot.value = data),
    clear: async () => void (slot.value = null),
  };
  return slot;
}
