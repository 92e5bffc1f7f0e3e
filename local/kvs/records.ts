/** What the service stores for one key: the value and its timestamps, in epoch milliseconds. */
export type StoredRecord = {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt?: number;
};

type EncodedRecord = { v: unknown; c: number; u: number; x?: number };

export function encodeRecord(record: StoredRecord): string {
  const encoded: EncodedRecord = { v: record.value, c: record.createdAt, u: record.updatedAt };
  if (record.expiresAt !== undefined) encoded.x = record.expiresAt;
  return JSON.stringify(encoded);
}

export function decodeRecord(text: string): StoredRecord {
  const encoded = JSON.parse(text) as EncodedRecord;
  const record: StoredRecord = { value: encoded.v, createdAt: encoded.c, updatedAt: encoded.u };
  if (encoded.x !== undefined) record.expiresAt = encoded.x;
  return record;
}

/**
 * When a request happens, and from when on an expired record stops being readable. Forge deletes
 * expired data up to 48 hours late and reads may return it meanwhile (storage-reference/kvs-api,
 * "Expired data is not removed immediately"); the runtime can emulate that window.
 */
export type Moment = { at: number; liveAfter: number };

/** Expired records stay stored until the next write to their key; reads see them only in the grace window. */
export function isLive(record: StoredRecord, moment: Moment): boolean {
  return record.expiresAt === undefined || moment.liveAfter < record.expiresAt;
}
