import { KvsError } from './errors';

export const MAX_BATCH_ITEMS = 25;
export const MAX_TRANSACTION_OPERATIONS = 25;
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** Batch sets and transactions are limited to a 4 MB request. */
export function checkPayloadSize(body: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(body) ?? '', 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES)
    throw new KvsError(413, 'PAYLOAD_TOO_LARGE', `The request is ${bytes} bytes; the maximum is ${MAX_PAYLOAD_BYTES}.`);
}

/** The identity of an item across the key spaces a batch or transaction can touch. */
export function itemIdentity(entityName: unknown, key: unknown): string {
  return JSON.stringify([entityName ?? null, key]);
}
