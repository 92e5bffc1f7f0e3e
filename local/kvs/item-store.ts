import type { BackendReader, BackendWriter } from './backend';
import { updateIndexEntries } from './entity-index';
import { storageKeyOf, type ItemSpace } from './item-space';
import { decodeRecord, encodeRecord, isLive, type Moment, type StoredRecord } from './records';
import type { JsonObject } from './request-fields';
import { checkStorageKeySize } from './storage-keys';

/** The record at `key`, if it exists and has not expired. */
export function readLiveRecord(reader: BackendReader, space: ItemSpace, key: string, moment: Moment): StoredRecord | undefined {
  const record = readStoredRecord(reader, space, key);
  return record !== undefined && isLive(record, moment) ? record : undefined;
}

/** The record at `key` even if expired: writes need it to clear its index entries. */
function readStoredRecord(reader: BackendReader, space: ItemSpace, key: string): StoredRecord | undefined {
  const text = reader.get(storageKeyOf(space, key));
  return text === undefined ? undefined : decodeRecord(text);
}

/** Stores `record` at `key`, keeping the entity's index entries in step. Checks before writing. */
export function putRecord(writer: BackendWriter, space: ItemSpace, key: string, record: StoredRecord): void {
  const storageKey = storageKeyOf(space, key);
  checkStorageKeySize(storageKey);
  if (space.kind === 'entity') {
    const before = readStoredRecord(writer, space, key);
    updateIndexEntries(writer, space.entity, key, before?.value as JsonObject | undefined, record.value as JsonObject);
  }
  writer.put(storageKey, encodeRecord(record));
}

/** Removes `key` and its index entries; answers the record that was live there, if any. */
export function removeRecord(writer: BackendWriter, space: ItemSpace, key: string, moment: Moment): StoredRecord | undefined {
  const before = readStoredRecord(writer, space, key);
  if (before === undefined) return undefined;
  if (space.kind === 'entity') updateIndexEntries(writer, space.entity, key, before.value as JsonObject, undefined);
  writer.remove(storageKeyOf(space, key));
  return isLive(before, moment) ? before : undefined;
}
