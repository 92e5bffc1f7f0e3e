import { decodeCursor, encodeCursor } from './cursor';
import { badRequest } from './errors';
import { isPossibleKeyPrefix } from './key-rules';
import { describeItem, parseMetadataFields, type ItemBody } from './metadata';
import { parseQueryLimit } from './query-limit';
import { decodeRecord, isLive } from './records';
import { momentOf } from './service-context';
import { isJsonObject, optionalObject, requireObject } from './request-fields';
import type { ServiceContext } from './service-context';
import type { KvsResponse } from './service-types';
import { PREFIX_END, plainStorageKey } from './storage-keys';

const PLAIN_PREFIX_LENGTH = plainStorageKey('').length;

/** `/api/v1/query`: plain keys (never secrets or entities) in key order, optionally by prefix. */
export function handleKeyQuery(context: ServiceContext, rawBody: unknown): KvsResponse {
  const body = requireObject(rawBody, 'The request body');
  const prefix = parseWhere(body['where']);
  const limit = parseQueryLimit(body['limit'], 'LIST_QUERY_LIMIT_EXCEEDED');
  const fields = parseMetadataFields(optionalObject(body['options'], 'options')?.['metadataFields'], 'options.metadataFields');
  const scope = 'key:' + prefix;
  const cursor = decodeCursor(body['after'], scope);
  const after = typeof cursor?.['key'] === 'string' ? cursor['key'] : undefined;
  const moment = momentOf(context);

  return context.backend.read((reader) => {
    const data: ItemBody[] = [];
    let more = false;
    // Keys are never empty and never contain NUL, so key + NUL is the first key after `key`.
    const gte = plainStorageKey(after === undefined ? prefix : after + '\u0000');
    const range = isPossibleKeyPrefix(prefix) ? reader.range({ gte, lt: plainStorageKey(prefix) + PREFIX_END }) : [];
    for (const entry of range) {
      const record = decodeRecord(entry.value);
      if (!isLive(record, moment)) continue;
      if (data.length === limit) {
        more = true;
        break;
      }
      data.push(describeItem(entry.key.slice(PLAIN_PREFIX_LENGTH), record, fields));
    }
    const last = data[data.length - 1];
    return { status: 200, body: more && last ? { data, cursor: encodeCursor({ scope, key: last.key }) } : { data } };
  });
}

/** The key prefix of the one `where` clause Forge's KVS allows: `key BEGINS_WITH prefix`. */
function parseWhere(raw: unknown): string {
  if (raw === undefined) return '';
  if (!Array.isArray(raw)) throw badRequest('BAD_REQUEST', 'where must be an array.');
  if (raw.length === 0) return '';
  if (raw.length > 1) throw badRequest('QUERY_WHERE_INVALID', 'KVS queries take a single "where" clause.');
  const clause: unknown = raw[0];
  if (!isJsonObject(clause)) throw badRequest('BAD_REQUEST', 'A where clause must be an object.');
  if (clause['property'] !== 'key') throw badRequest('QUERY_WHERE_FIELD_INVALID', 'KVS queries can only filter on "key".');
  if (clause['condition'] !== 'BEGINS_WITH') {
    throw badRequest('INVALID_FILTER_CONDITION', `KVS queries only support BEGINS_WITH, not ${JSON.stringify(clause['condition'])}.`);
  }
  const values = clause['values'];
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
    throw badRequest('INVALID_FILTER_VALUES', 'BEGINS_WITH takes exactly one string value.');
  }
  return values[0];
}
