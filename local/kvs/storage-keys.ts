import { badRequest } from './errors';

/**
 * Where everything lives in the backend's one ordered key space:
 *   p:<key>                                        plain values
 *   s:<key>                                        secrets
 *   e:<entity>\0<key>                              entity values
 *   i:<entity>\0<index>\0<partition>\0<range>\0<key>   index entries (empty value)
 * Stored keys never contain U+FFFF, so appending it bounds a prefix scan.
 */
export const PREFIX_END = '\uffff';

// LMDB's default maximum key size; the memory backend is held to it too so the two agree.
const MAX_STORAGE_KEY_BYTES = 1978;

export function plainStorageKey(key: string): string {
  return 'p:' + key;
}

export function secretStorageKey(key: string): string {
  return 's:' + key;
}

export function entityStorageKey(entity: string, key: string): string {
  return 'e:' + entity + '\u0000' + key;
}

export function indexBase(entity: string, index: string, partition: string): string {
  return 'i:' + entity + '\u0000' + index + '\u0000' + partition + '\u0000';
}

export function checkStorageKeySize(storageKey: string): void {
  if (Buffer.byteLength(storageKey, 'utf8') > MAX_STORAGE_KEY_BYTES) {
    throw badRequest('KEY_TOO_LONG', 'The key, with its entity and index values, is too long for the local store.');
  }
}
