import type { BackendEntry, BackendRange, BackendReader, BackendWriter, KvsBackend } from './backend';

type UndoEntry = { key: string; previous: string | undefined };

/** An in-memory backend: a sorted key array beside a map, with an undo log for atomic writes. */
export function createMemoryBackend(): KvsBackend {
  const sortedKeys: string[] = [];
  const values = new Map<string, string>();
  let undoLog: UndoEntry[] | undefined;
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('The in-memory KVS backend is closed.');
  }

  function store(key: string, value: string | undefined): void {
    const position = lowerBound(sortedKeys, key);
    const present = sortedKeys[position] === key;
    if (value === undefined) {
      if (present) sortedKeys.splice(position, 1);
      values.delete(key);
      return;
    }
    if (!present) sortedKeys.splice(position, 0, key);
    values.set(key, value);
  }

  const reader: BackendReader = {
    get: (key) => values.get(key),
    range: (range) => iterateRange(sortedKeys, values, range),
  };

  const writer: BackendWriter = {
    ...reader,
    put(key, value) {
      undoLog?.push({ key, previous: values.get(key) });
      store(key, value);
    },
    remove(key) {
      if (!values.has(key)) return;
      undoLog?.push({ key, previous: values.get(key) });
      store(key, undefined);
    },
  };

  return {
    read(fn) {
      ensureOpen();
      return fn(reader);
    },
    async write(fn) {
      ensureOpen();
      if (undoLog) throw new Error('Nested KVS backend writes are not supported.');
      const log: UndoEntry[] = [];
      undoLog = log;
      try {
        return fn(writer);
      } catch (error) {
        for (let i = log.length - 1; i >= 0; i--) {
          const entry = log[i]!;
          store(entry.key, entry.previous);
        }
        throw error;
      } finally {
        undoLog = undefined;
      }
    },
    async close() {
      closed = true;
    },
  };
}

function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(keys: readonly string[], key: string): number {
  const position = lowerBound(keys, key);
  return keys[position] === key ? position + 1 : position;
}

function* iterateRange(keys: readonly string[], values: ReadonlyMap<string, string>, range: BackendRange): Generator<BackendEntry> {
  // Positions are looked up again after each step, so the walk stays correct even if the map changes.
  if (range.reverse) {
    let position = lowerBound(keys, range.lt) - 1;
    while (position >= 0) {
      const key = keys[position]!;
      if (key < range.gte) return;
      yield { key, value: values.get(key)! };
      position = lowerBound(keys, key) - 1;
    }
    return;
  }
  let position = lowerBound(keys, range.gte);
  while (position < keys.length) {
    const key = keys[position]!;
    if (key >= range.lt) return;
    yield { key, value: values.get(key)! };
    position = upperBound(keys, key);
  }
}
