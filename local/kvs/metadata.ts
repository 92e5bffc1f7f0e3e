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
  // kvs-api: "The first two fields will return a Unix timestamp" — in milliseconds in every example
  // there (e.g. 1753750184233); EXPIRE_TIME is an ISO-8601 string.
  if (fields.includes('CREATED_AT')) body.createdAt = record.createdAt;
  if (fields.includes('UPDATED_AT')) body.updatedAt = record.updatedAt;
  if (fields.includes('EXPIRE_TIME') && record.expiresAt !== undefined) body.expireTime = new Date(record.expiresAt).toISOString();
  return body;
}
