import { badRequest, KvsError } from './errors';
import type { CompiledEntity } from './entity-schema';
import { matchesType } from './entity-values';
import type { AttributeType } from './service-types';
import { isJsonObject, type JsonObject } from './request-fields';

export type ConditionName =
  | 'BEGINS_WITH'
  | 'BETWEEN'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'EQUAL_TO'
  | 'NOT_EQUAL_TO'
  | 'EXISTS'
  | 'NOT_EXISTS'
  | 'GREATER_THAN'
  | 'GREATER_THAN_EQUAL_TO'
  | 'LESS_THAN'
  | 'LESS_THAN_EQUAL_TO';

export type Scalar = string | number | boolean;
export type Condition = { condition: ConditionName; values: Scalar[] };
export type FilterItem = Condition & { property: string };
export type FilterGroup = { operator: 'and' | 'or'; items: FilterItem[] };

export const FILTER_CONDITIONS: ReadonlySet<string> = new Set<ConditionName>([
  'BEGINS_WITH',
  'BETWEEN',
  'CONTAINS',
  'NOT_CONTAINS',
  'EQUAL_TO',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

/** Reads `{ condition, values }`, checking the condition is one of `allowed` and its values fit it. */
export function parseCondition(raw: unknown, allowed: ReadonlySet<string>, what: string): Condition {
  if (!isJsonObject(raw)) throw badRequest('BAD_REQUEST', `${what} must be an object { condition, values }.`);
  const { condition, values } = raw;
  if (typeof condition !== 'string' || !allowed.has(condition)) {
    throw badRequest('INVALID_FILTER_CONDITION', `${what}: condition ${JSON.stringify(condition)} is not supported here.`);
  }
  if (!Array.isArray(values)) throw badRequest('INVALID_FILTER_VALUES', `${what}: values must be an array.`);
  const name = condition as ConditionName;
  if (name === 'EXISTS' || name === 'NOT_EXISTS') return { condition: name, values: [] };
  if (name === 'BETWEEN' && values.length < 2) throw badRequest('INSUFFICIENT_FILTER_VALUES', `${what}: BETWEEN needs two values.`);
  const expected = name === 'BETWEEN' ? 2 : 1;
  if (values.length !== expected) throw badRequest('INVALID_FILTER_VALUES', `${what}: ${name} takes ${expected} value(s).`);
  for (const value of values) {
    const scalar = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!scalar) throw badRequest('INVALID_FILTER_VALUES', `${what}: values must be strings, numbers or booleans.`);
  }
  return { condition: name, values: values as Scalar[] };
}

/** entities-api-query: the attribute types each condition applies to. */
const STRING_ONLY: ReadonlySet<ConditionName> = new Set(['BEGINS_WITH', 'CONTAINS', 'NOT_CONTAINS']);
const ORDERED: ReadonlySet<ConditionName> = new Set([
  'BETWEEN',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

/** limits-kvs-ce: "each complex query can only have a maximum of 100 conditions". */
export const MAX_QUERY_CONDITIONS = 100;

/**
 * Refuses a condition the attribute's type does not support. `any` attributes are refused with
 * 422 (entities-api-query: "Attributes declared as type any are not supported in filter
 * conditions … Using them results in a 422 Unprocessable Entity error"); the code is our own,
 * as the page names none.
 */
export function checkConditionType(condition: Condition, attribute: string, type: AttributeType | undefined, what: string): void {
  if (type === 'any') {
    throw new KvsError(422, 'UNSUPPORTED_ATTRIBUTE_TYPE', `${what}: attribute '${attribute}' is of type any, which conditions cannot use.`);
  }
  const name = condition.condition;
  const fits =
    type === undefined ||
    (STRING_ONLY.has(name) ? type === 'string' : ORDERED.has(name) ? type === 'string' || type === 'integer' || type === 'float' : true);
  if (!fits) throw badRequest('INVALID_FILTER_CONDITION', `${what}: ${name} does not apply to ${type} attribute '${attribute}'.`);
  for (const value of condition.values) {
    const numeric = type === 'integer' || type === 'float';
    const ok = numeric ? typeof value === 'number' && Number.isFinite(value) : type === undefined || matchesType(type, value);
    if (!ok)
      throw badRequest('INVALID_FILTER_VALUES', `${what}: ${JSON.stringify(value)} is not a ${type} value for attribute '${attribute}'.`);
  }
}

/** Reads `{ and: [...] }` or `{ or: [...] }` of conditions on declared attributes of `entity`. */
export function parseFilterGroup(raw: unknown, entity: CompiledEntity, what: string): FilterGroup | undefined {
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw)) throw badRequest('BAD_REQUEST', `${what} must be an object { and: [...] } or { or: [...] }.`);
  const operators = (['and', 'or'] as const).filter((operator) => raw[operator] !== undefined);
  if (operators.length > 1)
    throw badRequest('INVALID_FILTER_OPERATORS_COMBINATION', `${what}: "and" and "or" cannot be combined at the same level.`);
  const operator = operators[0];
  const list = operator === undefined ? undefined : raw[operator];
  if (operator === undefined || !Array.isArray(list) || list.length === 0) {
    throw badRequest('EMPTY_FILTER_OPERATOR', `${what}: filter operators "and" and "or" cannot be empty.`);
  }
  const items = list.map((item, position): FilterItem => {
    const property = isJsonObject(item) ? item['property'] : undefined;
    if (typeof property !== 'string' || !entity.attributes.has(property)) {
      throw badRequest(
        'INVALID_FILTER_PROPERTY',
        `${what}: ${JSON.stringify(property)} is not a declared attribute of entity '${entity.name}'.`,
      );
    }
    const condition = parseCondition(item, FILTER_CONDITIONS, `${what}[${position}]`);
    checkConditionType(condition, property, entity.attributes.get(property), `${what}[${position}]`);
    return { property, ...condition };
  });
  if (items.length > MAX_QUERY_CONDITIONS) {
    throw badRequest('TOO_MANY_CONDITIONS', `${what}: at most ${MAX_QUERY_CONDITIONS} conditions are allowed; this has ${items.length}.`);
  }
  return { operator, items };
}

export function matchesGroup(group: FilterGroup, value: JsonObject): boolean {
  const test = (item: FilterItem): boolean => matchesCondition(item, value[item.property]);
  return group.operator === 'and' ? group.items.every(test) : group.items.some(test);
}

/**
 * Evaluates a condition on one attribute value (`undefined` when absent). As in DynamoDB, which
 * backs Forge's entity store, comparing values of different types is false, and the negative
 * conditions (NOT_EQUAL_TO, NOT_CONTAINS) hold for an absent attribute.
 */
export function matchesCondition(condition: Condition, actual: unknown): boolean {
  const [first, second] = condition.values;
  switch (condition.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual === first;
    case 'NOT_EQUAL_TO':
      return actual !== first;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && typeof first === 'string' && actual.startsWith(first);
    case 'CONTAINS':
      return contains(actual, first);
    case 'NOT_CONTAINS':
      return !contains(actual, first);
    case 'GREATER_THAN':
      return compare(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return compare(actual, first) >= 0;
    case 'LESS_THAN':
      return compare(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return compare(actual, first) <= 0;
    case 'BETWEEN':
      return compare(actual, first) >= 0 && compare(actual, second) <= 0;
  }
}

function contains(actual: unknown, needle: Scalar | undefined): boolean {
  if (typeof actual === 'string') return typeof needle === 'string' && actual.includes(needle);
  return Array.isArray(actual) && actual.includes(needle);
}

/** Order of two numbers or two strings; NaN (so every comparison is false) for anything else. */
function compare(actual: unknown, expected: Scalar | undefined): number {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return Number.NaN;
}
