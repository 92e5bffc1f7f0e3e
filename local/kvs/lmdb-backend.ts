import { mkdirSync } from 'node:fs';
import { ABORT, open, type Database } from 'lmdb';
import type { BackendEntry, BackendRange, BackendReader, BackendWriter, KvsBackend } from './backend';

const FORMAT_VERSION = '1';

/**
 * A durable backend on LMDB in `dir`. Each write is a child transaction of lmdb's batched
 * asynchronous commits: the writes queued in one turn of the event loop share one commit and one
 * flush to disk, instead of blocking the process on a flush each, and a write is answered only
 * once that flush is done (never `noSync`) — so data survives a crash or a hard kill, and a write
 * that throws is rolled back alone, leaving the rest of its batch.
 */
export function openLmdbBackend(dir: string): KvsBackend {
  mkdirSync(dir, { recursive: true });
  // Always a directory (data.mdb and lock.mdb inside): lmdb would take a path whose name has a
  // dot, such as `mktemp -d`'s `tmp.XXXX` or `my.data`, for a database file and fail to open it.
  const root = open({ path: dir, noSubdir: false });
  // The data lives in its own named database, apart from the format marker. Binary keys keep
  // LMDB's plain byte order; lmdb's default key encoding would read keys with NUL back as arrays.
  const db = root.openDB<string, Buffer>({ name: 'kvs', keyEncoding: 'binary', encoding: 'string' });
  checkFormat(root.openDB<string, string>({ name: 'meta', encoding: 'string' }), dir);
  let closed = false;

  const reader: BackendReader = {
    get: (key) => db.get(toKey(key)),
    range: (range) => iterateRange(db, range),
  };
  const writer: BackendWriter = {
    ...reader,
    put(key, value) {
      db.putSync(toKey(key), value);
    },
    remove(key) {
      db.removeSync(toKey(key));
    },
  };

  function ensureOpen(): void {
    if (closed) throw new Error(`The LMDB KVS backend in ${dir} is closed.`);
  }

  return {
    read(fn) {
      ensureOpen();
      return fn(reader);
    },
    async write(fn) {
      ensureOpen();
      let failed = false;
      let failure: unknown;
      let result: ReturnType<typeof fn> | undefined;
      await root.childTransaction(() => {
        try {
          result = fn(writer);
          return undefined;
        } catch (error) {
          failed = true;
          failure = error;
          return ABORT;
        }
      });
      if (failed) throw failure;
      // Committed and visible; the promise of the latest flush covers this commit too.
      await root.flushed;
      return result as ReturnType<typeof fn>;
    },
    async close() {
      if (closed) return;
      closed = true;
      await root.close();
    },
  };
}

function checkFormat(meta: Database<string, string>, dir: string): void {
  const stored = meta.get('format');
  if (stored === undefined) {
    meta.transactionSync(() => meta.putSync('format', FORMAT_VERSION));
    return;
  }
  if (stored !== FORMAT_VERSION) {
    throw new Error(`The KVS data in ${dir} has format ${stored}; this runtime reads format ${FORMAT_VERSION}.`);
  }
}

function toKey(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}

function* iterateRange(db: Database<string, Buffer>, range: BackendRange): Generator<BackendEntry> {
  const options = range.reverse
    ? { start: toKey(range.lt), end: toKey(range.gte), reverse: true, exclusiveStart: true, inclusiveEnd: true }
    : { start: toKey(range.gte), end: toKey(range.lt) };
  for (const entry of db.getRange(options)) {
    yield { key: entry.key.toString('utf8'), value: entry.value };
  }
}
