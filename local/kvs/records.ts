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

/**
 * Records decoded lately, by their stored text: a read of the same text again (most reads) costs
 * a string comparison instead of a parse. They are frozen all through — a record is never changed
 * in place, only replaced — so sharing one between reads cannot leak a change from one to another.
 */
const decoded = new Map<string, StoredRecord>();
/** At most this much stored text in all (in UTF-16 units), the oldest let go first; larger records are not kept. */
const MAX_DECODED_CHARS = 2_000_000;
const MAX_DECODED_TEXT = 16_384;
let decodedChars = 0;

export function decodeRecord(text: string): StoredRecord {
  const cached = decoded.get(text);
  if (cached) return cached;
  const encoded = JSON.parse(text) as EncodedRecord;
  const record: StoredRecord = { value: encoded.v, createdAt: encoded.c, updatedAt: encoded.u };
  if (encoded.x !== undefined) record.expiresAt = encoded.x;
  if (text.length > MAX_DECODED_TEXT) return record;
  for (const oldest of decoded.keys()) {
    if (decodedChars + text.length <= MAX_DECODED_CHARS) break;
    decoded.delete(oldest);
    decodedChars -= oldest.length;
  }
  decoded.set(text, deepFreeze(record));
  decodedChars += text.length;
  return record;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
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
