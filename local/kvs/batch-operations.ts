import type { BackendReader, BackendWriter } from './backend';
import { badRequest, keyNotFound, KvsError } from './errors';
import { resolveOptionalEntitySpace, validateItemKey, validateItemValue, type ItemSpace } from './item-space';
import { readLiveRecord, removeRecord } from './item-store';
import { describeItem, parseMetadataFields } from './metadata';
import { checkPayloadSize, itemIdentity, MAX_BATCH_ITEMS } from './request-limits';
import { isJsonObject, optionalObject, requireArray, type JsonObject } from './request-fields';
import { momentOf, type ServiceContext } from './service-context';
import type { KvsResponse } from './service-types';
import { applySet, parseSetOptions } from './set-operation';

type ItemRef = { key: unknown; entityName?: unknown };
type ItemFailure = ItemRef & { error: { code: string; message: string } };
type ItemWork<T> = (space: ItemSpace, key: string, item: JsonObject) => T;

/** `/api/v1/batch/set`: each item succeeds or fails on its own. */
export function handleBatchSet(context: ServiceContext, rawBody: unknown): Promise<KvsResponse> {
  checkPayloadSize(rawBody);
  const items = parseBatch(rawBody);
  const moment = momentOf(context);
  return context.backend.write((writer: BackendWriter) =>
    answerBatch(context, items, (space, key, item) => {
      validateItemValue(space, item['value']);
      applySet(context, writer, space, key, item['value'], parseSetOptions(item['options'], false), moment);
      return {};
    }),
  );
}

/** `/api/v1/batch/get`: missing keys are failures with KEY_NOT_FOUND. */
export function handleBatchGet(context: ServiceContext, rawBody: unknown): KvsResponse {
  const items = parseBatch(rawBody);
  const moment = momentOf(context);
  return context.backend.read((reader: BackendReader) =>
    answerBatch(context, items, (space, key, item) => {
      const fields = parseMetadataFields(optionalObject(item['options'], 'options')?.['metadataFields'], 'options.metadataFields');
      const record = readLiveRecord(reader, space, key, moment);
      if (record === undefined) throw keyNotFound();
      return describeItem(key, record, fields);
    }),
  );
}

/** `/api/v1/batch/delete`: missing keys are failures with KEY_NOT_FOUND. */
export function handleBatchDelete(context: ServiceContext, rawBody: unknown): Promise<KvsResponse> {
  const items = parseBatch(rawBody);
  const moment = momentOf(context);
  return context.backend.write((writer: BackendWriter) =>
    answerBatch(context, items, (space, key) => {
      if (removeRecord(writer, space, key, moment) === undefined) throw keyNotFound();
      return {};
    }),
  );
}

/** A batch is refused whole when it is empty, too long, malformed or names an item twice. */
function parseBatch(rawBody: unknown): JsonObject[] {
  const items = requireArray(rawBody, 'A batch request body');
  if (items.length === 0) throw badRequest('BAD_REQUEST', 'A batch must contain at least one item.');
  if (items.length > MAX_BATCH_ITEMS)
    throw badRequest('BATCH_SIZE_LIMIT_EXCEEDED', `A batch can contain at most ${MAX_BATCH_ITEMS} items; this one has ${items.length}.`);
  const seen = new Set<string>();
  return items.map((item, position) => {
    if (!isJsonObject(item)) throw badRequest('BAD_REQUEST', `Batch item ${position} must be an object.`);
    const identity = itemIdentity(item['entityName'], item['key']);
    if (seen.has(identity)) throw badRequest('DUPLICATE_KEYS', `Batch item ${position} repeats key ${JSON.stringify(item['key'])}.`);
    seen.add(identity);
    return item;
  });
}

function answerBatch<T extends object>(context: ServiceContext, items: readonly JsonObject[], work: ItemWork<T>): KvsResponse {
  const successfulKeys: Array<ItemRef & T> = [];
  const failedKeys: ItemFailure[] = [];
  for (const item of items) {
    const ref: ItemRef = item['entityName'] === undefined ? { key: item['key'] } : { key: item['key'], entityName: item['entityName'] };
    try {
      const space = resolveOptionalEntitySpace(context.catalog, item['entityName']);
      const key = validateItemKey(space, item['key']);
      successfulKeys.push({ ...work(space, key, item), ...ref });
    } catch (error) {
      if (!(error instanceof KvsError)) throw error;
      failedKeys.push({ ...ref, error: { code: error.code, message: error.message } });
    }
  }
  return { status: 200, body: { successfulKeys, failedKeys } };
}
