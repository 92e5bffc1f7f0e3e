import { createHash } from 'node:crypto';
import type { BackendWriter } from './backend';
import { badRequest } from './errors';
import { KEY_RANGE, type CompiledEntity, type CompiledIndex } from './entity-schema';
import { encodeOrdered } from './order-encoding';
import type { JsonObject } from './request-fields';
import { checkStorageKeySize, indexBase } from './storage-keys';

/**
 * Index entries keep at most this many characters of the range value, so keys stay within LMDB's
 * key size. Entries whose stored range part has this length may be cut; a scan re-sorts runs of
 * them by the full value (see index-scan.ts), so order and results stay exact.
 */
export const MAX_RANGE_PART = 256;

const NO_PARTITION = '-';

/** Partitions only need equality, so a fixed-size digest of the values stands in for them. */
export function partitionPart(index: CompiledIndex, partitionValues: readonly unknown[]): string | undefined {
  if (index.partition.length === 0) return NO_PARTITION;
  const encoded: string[] = [];
  for (const value of partitionValues) {
    const part = encodeOrdered(value);
    if (part === undefined) return undefined;
    encoded.push(part);
  }
  return createHash('sha256').update(JSON.stringify(encoded)).digest('hex').slice(0, 32);
}

/** The full ordered encoding of the index's range attribute (or of the key, for `by-key`). */
export function rangeValueOf(index: CompiledIndex, key: string, value: JsonObject): string | undefined {
  if (index.range === undefined) return '';
  return encodeOrdered(index.range === KEY_RANGE ? key : value[index.range]);
}

// entities-manifest, "Limitations": combined range values of an index at most 900 bytes, combined
// partition values at most 1,700 bytes.
const MAX_RANGE_BYTES = 900;
const MAX_PARTITION_BYTES = 1700;

/** Refuses a value whose indexed attributes are larger than an index can hold. */
export function checkIndexedSizes(entity: CompiledEntity, value: JsonObject): void {
  for (const index of entity.indexes.values()) {
    if (index.range !== undefined && index.range !== KEY_RANGE && sizeOf(value[index.range]) > MAX_RANGE_BYTES) {
      throw badRequest(
        'INVALID_ENTITY_VALUE',
        `Attribute '${index.range}' is over ${MAX_RANGE_BYTES} bytes, the limit for the range of index '${index.name}'.`,
      );
    }
    const partitionBytes = index.partition.reduce((sum, attribute) => sum + sizeOf(value[attribute]), 0);
    if (partitionBytes > MAX_PARTITION_BYTES) {
      throw badRequest(
        'INVALID_ENTITY_VALUE',
        `The partition attributes of index '${index.name}' are over ${MAX_PARTITION_BYTES} bytes together.`,
      );
    }
  }
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export function truncateRange(range: string): string {
  return range.length > MAX_RANGE_PART ? range.slice(0, MAX_RANGE_PART) : range;
}

/** The index entry of one entity in one index, or none when it lacks an indexed attribute. */
function indexEntryKey(entity: CompiledEntity, index: CompiledIndex, key: string, value: JsonObject): string | undefined {
  const partition = partitionPart(
    index,
    index.partition.map((attribute) => value[attribute]),
  );
  const range = rangeValueOf(index, key, value);
  if (partition === undefined || range === undefined) return undefined;
  return indexBase(entity.name, index.name, partition) + truncateRange(range) + '\u0000' + key;
}

export function indexEntriesOf(entity: CompiledEntity, key: string, value: JsonObject): string[] {
  const entries: string[] = [];
  for (const index of entity.indexes.values()) {
    const entry = indexEntryKey(entity, index, key, value);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

/** Moves an entity's index entries from those of `before` to those of `after`. */
export function updateIndexEntries(
  writer: BackendWriter,
  entity: CompiledEntity,
  key: string,
  before: JsonObject | undefined,
  after: JsonObject | undefined,
): void {
  const old = new Set(before === undefined ? [] : indexEntriesOf(entity, key, before));
  const next = new Set(after === undefined ? [] : indexEntriesOf(entity, key, after));
  for (const entry of next) checkStorageKeySize(entry);
  for (const entry of old) if (!next.has(entry)) writer.remove(entry);
  for (const entry of next) if (!old.has(entry)) writer.put(entry, '');
}

/** Splits an index entry found under `base` into its stored range part and entity key. */
export function splitIndexEntry(storageKey: string, base: string): { range: string; key: string } {
  const rest = storageKey.slice(base.length);
  const end = rest.indexOf('\u0000');
  return { range: rest.slice(0, end), key: rest.slice(end + 1) };
}
