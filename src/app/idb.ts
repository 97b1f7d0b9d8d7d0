/** IndexedDB as promises: the pieces the autosave and the kept dataset files share. */

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** A database of one object store, created on first use. */
export function openStore(db: string, store: string): Promise<IDBDatabase> {
  const r = indexedDB.open(db, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(store);
  return request(r);
}

/** Resolves once the transaction is durable, so that a record is never half written. */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}
