import { badRequest } from './errors';
import type { StoredRecord } from './records';

export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';
const FIELDS: readonly string[] = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'];

export type ItemBody = { key: string; value: unknown; createdAt?: number; updatedAt?: number; expireTime?: string };

export function parseMetadataFields(raw: unknown, what: string): MetadataField[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((field) => typeof field === 'string' && FIELDS.includes(field))) {
    throw badRequest('BAD_REQUEST', `${what} must be an array of ${FIELDS.join(', ')}.`);
  }
  return raw as MetadataField[];
}

/** The `{ key, value, … }` shape every read answers with, carrying only the metadata asked for. */
export function describeItem(key: string, record: StoredRecord, fields: readonly MetadataField[]): ItemBody {
  const body: ItemBody = { key, value: record.value };
  // Forge reports creation and update times in epoch seconds, and the expiry as an ISO date-time.
  if (fields.includes('CREATED_AT')) body.createdAt = Math.floor(record.createdAt / 1000);
  if (fields.includes('UPDATED_AT')) body.updatedAt = Math.floor(record.updatedAt / 1000);
  if (fields.includes('EXPIRE_TIME') && record.expiresAt !== undefined) body.expireTime = new Date(record.expiresAt).toISOString();
  return body;
}
