import { keyNotFound } from './errors';
import { resolveSpace, validateItemKey, validateItemValue, type SpaceKind } from './item-space';
import { readLiveRecord, removeRecord } from './item-store';
import { describeItem, parseMetadataFields } from './metadata';
import { optionalObject, requireObject } from './request-fields';
import { momentOf, type ServiceContext } from './service-context';
import type { KvsResponse } from './service-types';
import { applySet, parseSetOptions } from './set-operation';

/** `/api/v1/get`, `/api/v1/secret/get`, `/api/v1/entity/get`. */
export function handleGet(context: ServiceContext, kind: SpaceKind, rawBody: unknown): KvsResponse {
  const body = requireObject(rawBody, 'The request body');
  const space = resolveSpace(context.catalog, kind, body['entityName']);
  const key = validateItemKey(space, body['key']);
  const fields = parseMetadataFields(optionalObject(body['options'], 'options')?.['metadataFields'], 'options.metadataFields');
  const record = context.backend.read((reader) => readLiveRecord(reader, space, key, momentOf(context)));
  if (record === undefined) throw keyNotFound();
  return { status: 200, body: describeItem(key, record, fields) };
}

/** `/api/v1/set`, `/api/v1/secret/set`, `/api/v1/entity/set`. */
export async function handleSet(context: ServiceContext, kind: SpaceKind, rawBody: unknown): Promise<KvsResponse> {
  const body = requireObject(rawBody, 'The request body');
  const space = resolveSpace(context.catalog, kind, body['entityName']);
  const key = validateItemKey(space, body['key']);
  validateItemValue(space, body['value']);
  const options = parseSetOptions(body['options'], true);
  const outcome = await context.backend.write((writer) => applySet(context, writer, space, key, body['value'], options, momentOf(context)));
  const answer = options.returnValue === 'LATEST' ? outcome.latest : options.returnValue === 'PREVIOUS' ? outcome.previous : undefined;
  return answer === undefined ? { status: 204 } : { status: 200, body: describeItem(key, answer, options.returnFields) };
}

/** `/api/v1/delete`, `/api/v1/secret/delete`, `/api/v1/entity/delete`. */
export async function handleDelete(context: ServiceContext, kind: SpaceKind, rawBody: unknown): Promise<KvsResponse> {
  const body = requireObject(rawBody, 'The request body');
  const space = resolveSpace(context.catalog, kind, body['entityName']);
  const key = validateItemKey(space, body['key']);
  const removed = await context.backend.write((writer) => removeRecord(writer, space, key, momentOf(context)));
  if (removed === undefined) throw keyNotFound();
  return { status: 204 };
}
