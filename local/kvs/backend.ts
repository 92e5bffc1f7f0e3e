/**
 * The storage the KVS service runs on: an ordered map from string keys to string values.
 *
 * Every KVS semantic (validation, TTL, indexes, conditions) lives in the service, above this
 * interface, so the in-memory and the LMDB backend cannot disagree about behaviour; they only
 * have to agree about ordering. Keys are compared as UTF-8 bytes. The service only stores keys
 * made of Basic Multilingual Plane characters without surrogates and without U+FFFF, for which
 * JavaScript string order and UTF-8 byte order are the same.
 */
export type BackendEntry = { key: string; value: string };

/** A half-open key range `[gte, lt)`, walked backwards when `reverse` is set. */
export type BackendRange = { gte: string; lt: string; reverse?: boolean };

export interface BackendReader {
  get(key: string): string | undefined;
  /** Lazily yields entries in key order. Callers never write while iterating. */
  range(range: BackendRange): Iterable<BackendEntry>;
}

export interface BackendWriter extends BackendReader {
  put(key: string, value: string): void;
  remove(key: string): void;
}

export interface KvsBackend {
  /** Runs `fn` against the current data. */
  read<T>(fn: (reader: BackendReader) => T): T;
  /**
   * Runs `fn` as one atomic, durable write: everything it wrote is committed and on disk when the
   * promise resolves, nothing is if it throws (the error is rethrown). `fn` runs alone — no other
   * write interleaves with it — but may run after the call returns, and after other writes
   * queued before it; everything a write depends on is read inside `fn`.
   */
  write<T>(fn: (writer: BackendWriter) => T): Promise<T>;
  close(): Promise<void>;
}
