import type { BackendWriter } from './backend';
import { matchesGroup, parseFilterGroup, type FilterGroup } from './conditions';
import { badRequest } from './errors';
import { resolveOptionalEntitySpace, validateItemKey, validateItemValue, type ItemSpace } from './item-space';
import { readLiveRecord, removeRecord } from './item-store';
import { checkPayloadSize, MAX_TRANSACTION_OPERATIONS } from './request-limits';
import { isJsonObject, requireObject, type JsonObject } from './request-fields';
import { conflictError, momentOf, type ServiceContext } from './service-context';
import type { Moment } from './records';
import type { KvsResponse } from './service-types';
import { applySet, parseSetOptions, type SetOptions } from './set-operation';

type Operation =
  | { kind: 'set'; space: ItemSpace; key: string; value: unknown; options: SetOptions; conditions: FilterGroup | undefined }
  | { kind: 'delete'; space: ItemSpace; key: string; conditions: FilterGroup | undefined }
  | { kind: 'check'; space: ItemSpace; key: string; conditions: FilterGroup };

/**
 * `/api/v1/transaction`: sets, deletes and checks that all happen or none do. Every operation
 * is validated, then every condition is checked against the data as it was, then all writes
 * are made in one backend transaction.
 */
export async function handleTransaction(context: ServiceContext, rawBody: unknown): Promise<KvsResponse> {
  checkPayloadSize(rawBody);
  const operations = parseOperations(context, requireObject(rawBody, 'The request body'));
  const moment = momentOf(context);
  await context.backend.write((writer) => {
    for (const operation of operations) checkConditions(context, writer, operation, moment);
    for (const operation of operations) {
      if (operation.kind === 'set') applySet(context, writer, operation.space, operation.key, operation.value, operation.options, moment);
      else if (operation.kind === 'delete') removeRecord(writer, operation.space, operation.key, moment);
    }
  });
  return { status: 204 };
}

function parseOperations(context: ServiceContext, body: JsonObject): Operation[] {
  const sets = listOf(body['set'], 'set');
  const deletes = listOf(body['delete'], 'delete');
  const checks = listOf(body['check'], 'check');
  const count = sets.length + deletes.length + checks.length;
  if (count === 0) throw badRequest('BAD_REQUEST', 'A transaction must contain at least one operation.');
  if (count > MAX_TRANSACTION_OPERATIONS) {
    throw badRequest(
      'TRANSACTION_OPERATIONS_LIMIT_EXCEEDED',
      `A transaction can contain at most ${MAX_TRANSACTION_OPERATIONS} operations; this one has ${count}.`,
    );
  }
  const operations: Operation[] = [
    ...sets.map((raw, position) => parseSet(context, raw, `set[${position}]`)),
    ...deletes.map((raw, position) => parseDelete(context, raw, `delete[${position}]`)),
    ...checks.map((raw, position) => parseCheck(context, raw, `check[${position}]`)),
  ];
  // "Each key can only be used once in a transaction": the key itself, whatever entity it is in.
  const seen = new Set<string>();
  for (const operation of operations) {
    if (seen.has(operation.key)) throw badRequest('DUPLICATE_KEYS', `Key '${operation.key}' is used more than once in the transaction.`);
    seen.add(operation.key);
  }
  return operations;
}

function listOf(raw: unknown, what: string): JsonObject[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest('BAD_REQUEST', `${what} must be an array.`);
  return raw.map((item, position) => {
    if (!isJsonObject(item)) throw badRequest('BAD_REQUEST', `${what}[${position}] must be an object.`);
    return item;
  });
}

function parseTarget(
  context: ServiceContext,
  raw: JsonObject,
  what: string,
): { space: ItemSpace; key: string; conditions: FilterGroup | undefined } {
  const space = resolveOptionalEntitySpace(context.catalog, raw['entityName']);
  const key = validateItemKey(space, raw['key']);
  if (raw['conditions'] === undefined) return { space, key, conditions: undefined };
  // Conditions read entity attributes; plain keys have none.
  if (space.kind !== 'entity') throw badRequest('BAD_REQUEST', `${what}: conditions are only allowed on entities.`);
  return { space, key, conditions: parseFilterGroup(raw['conditions'], space.entity, `${what}.conditions`) };
}

function parseSet(context: ServiceContext, raw: JsonObject, what: string): Operation {
  const target = parseTarget(context, raw, what);
  validateItemValue(target.space, raw['value']);
  return { kind: 'set', ...target, value: raw['value'], options: parseSetOptions(raw['options'], false) };
}

function parseDelete(context: ServiceContext, raw: JsonObject, what: string): Operation {
  return { kind: 'delete', ...parseTarget(context, raw, what) };
}

function parseCheck(context: ServiceContext, raw: JsonObject, what: string): Operation {
  const target = parseTarget(context, raw, what);
  if (target.conditions === undefined) throw badRequest('BAD_REQUEST', `${what}: a check needs an entityName and conditions.`);
  return { kind: 'check', space: target.space, key: target.key, conditions: target.conditions };
}

/** An absent entity is checked as an entity without attributes, so NOT_EXISTS guards a create. */
function checkConditions(context: ServiceContext, writer: BackendWriter, operation: Operation, moment: Moment): void {
  if (operation.conditions === undefined) return;
  const current = readLiveRecord(writer, operation.space, operation.key, moment);
  const value = (current?.value ?? {}) as JsonObject;
  if (!matchesGroup(operation.conditions, value)) {
    throw conflictError(context, 'CONDITIONAL_CHECK_FAILED', `The condition on key '${operation.key}' does not hold; nothing was written.`);
  }
}
