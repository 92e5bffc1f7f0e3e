import { checkConditionType, MAX_QUERY_CONDITIONS, parseCondition, parseFilterGroup, type Condition, type FilterGroup } from './conditions';
import { decodeCursor } from './cursor';
import { partitionPart, truncateRange } from './entity-index';
import { rangeTypeOf, requireEntity, requireIndex, type CompiledEntity, type CompiledIndex, type EntityCatalog } from './entity-schema';
import { matchesType } from './entity-values';
import { badRequest } from './errors';
import { parseMetadataFields, type MetadataField } from './metadata';
import { encodeOrdered, encodeStringBody } from './order-encoding';
import { parseQueryLimit } from './query-limit';
import { optionalObject, requireObject } from './request-fields';
import type { AttributeType } from './service-types';
import { indexBase } from './storage-keys';

/** A validated `/api/v1/entity/query` request, reduced to a scan of one index. */
export type EntityQueryPlan = {
  entity: CompiledEntity;
  index: CompiledIndex;
  base: string;
  /** Storage-key bounds `[gte, lt)` of the index entries that may match the range condition. */
  gte: string;
  lt: string;
  /** The exact range condition, on the full ordered encoding of the range attribute. */
  inRange: (range: string) => boolean;
  filters: FilterGroup | undefined;
  descending: boolean;
  limit: number;
  fields: MetadataField[];
  scope: string;
  after: { range: string; key: string } | undefined;
};

const RANGE_CONDITIONS: ReadonlySet<string> = new Set([
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);
// Encoded range parts are ASCII, so this sorts after every entry under an index base.
const AFTER_ALL = '\u0080';

export function parseEntityQuery(catalog: EntityCatalog, rawBody: unknown): EntityQueryPlan {
  const body = requireObject(rawBody, 'The request body');
  const entity = requireEntity(catalog, body['entityName']);
  const index = requireIndex(entity, body['indexName']);
  const partition = parsePartition(entity, index, body['partition']);
  const base = indexBase(entity.name, index.name, partition);
  const range = parseRange(entity, index, body['range']);
  const sort = body['sort'];
  if (sort !== undefined && sort !== 'ASC' && sort !== 'DESC') throw badRequest('BAD_REQUEST', 'sort must be ASC or DESC.');
  const descending = sort === 'DESC';
  // @forge/kvs sends metadata fields under `options`; its request type also names a top-level field.
  const rawFields = optionalObject(body['options'], 'options')?.['metadataFields'] ?? body['metadataFields'];
  const scope = JSON.stringify(['entity', entity.name, index.name, partition, range ?? null, descending]);
  return {
    entity,
    index,
    base,
    ...boundsFor(base, range),
    filters: parseFiltersWithin(body['filters'], entity, range === undefined ? 0 : 1),
    descending,
    limit: parseQueryLimit(body['limit'], 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE'),
    fields: parseMetadataFields(rawFields, 'options.metadataFields'),
    scope,
    after: parseAfter(body['cursor'], scope),
  };
}

function parsePartition(entity: CompiledEntity, index: CompiledIndex, raw: unknown): string {
  const values = raw === undefined ? [] : raw;
  if (!Array.isArray(values) || values.length !== index.partition.length) {
    throw badRequest(
      'INVALID_PARTITION',
      `Index '${index.name}' needs a partition of ${index.partition.length} value(s): [${index.partition.join(', ')}].`,
    );
  }
  index.partition.forEach((attribute, position) => checkIndexValue(entity, attribute, values[position], 'INVALID_PARTITION'));
  return partitionPart(index, values)!;
}

function parseRange(entity: CompiledEntity, index: CompiledIndex, raw: unknown): Condition | undefined {
  if (raw === undefined) return undefined;
  if (index.range === undefined) throw badRequest('INVALID_FILTER_CONDITION', `Index '${index.name}' has no range attribute to query.`);
  const condition = parseCondition(raw, RANGE_CONDITIONS, 'range');
  checkConditionType(condition, index.range, rangeTypeOf(entity, index), 'range');
  return condition;
}

/** Partition values must match the attribute's declared type, as DynamoDB key conditions must. */
function checkIndexValue(entity: CompiledEntity, attribute: string, value: unknown, code: string): void {
  const type: AttributeType | undefined = entity.attributes.get(attribute);
  const fits =
    type === 'integer' || type === 'float'
      ? typeof value === 'number' && Number.isFinite(value)
      : type !== undefined && matchesType(type, value);
  if (!fits) throw badRequest(code, `${JSON.stringify(value)} is not a valid ${type} value for attribute '${attribute}'.`);
}

function boundsFor(base: string, range: Condition | undefined): Pick<EntityQueryPlan, 'gte' | 'lt' | 'inRange'> {
  if (range === undefined) return { gte: base, lt: base + AFTER_ALL, inRange: () => true };
  const [first, second] = range.values.map((value) => encodeOrdered(value)!);
  const low = (encoded: string): string => base + truncateRange(encoded) + '\u0000';
  const high = (encoded: string): string => base + truncateRange(encoded) + '\u0001';
  const a = first!;
  switch (range.condition) {
    case 'EQUAL_TO':
      return { gte: low(a), lt: high(a), inRange: (r) => r === a };
    case 'GREATER_THAN':
      return { gte: low(a), lt: base + AFTER_ALL, inRange: (r) => r > a };
    case 'GREATER_THAN_EQUAL_TO':
      return { gte: low(a), lt: base + AFTER_ALL, inRange: (r) => r >= a };
    case 'LESS_THAN':
      return { gte: base, lt: high(a), inRange: (r) => r < a };
    case 'LESS_THAN_EQUAL_TO':
      return { gte: base, lt: high(a), inRange: (r) => r <= a };
    case 'BETWEEN': {
      const b = second!;
      return { gte: low(a), lt: high(b), inRange: (r) => r >= a && r <= b };
    }
    default: {
      const prefix = 's' + encodeStringBody(String(range.values[0]));
      return { gte: base + truncateRange(prefix), lt: base + truncateRange(prefix) + AFTER_ALL, inRange: (r) => r.startsWith(prefix) };
    }
  }
}

/** The range condition counts towards the 100 conditions a query may have. */
function parseFiltersWithin(raw: unknown, entity: CompiledEntity, used: number): FilterGroup | undefined {
  const filters = parseFilterGroup(raw, entity, 'filters');
  if (filters && filters.items.length + used > MAX_QUERY_CONDITIONS) {
    throw badRequest('TOO_MANY_CONDITIONS', `A query may have at most ${MAX_QUERY_CONDITIONS} conditions, its range included.`);
  }
  return filters;
}

function parseAfter(raw: unknown, scope: string): EntityQueryPlan['after'] {
  const cursor = decodeCursor(raw, scope);
  if (cursor === undefined) return undefined;
  const { range, key } = cursor;
  if (typeof range !== 'string' || typeof key !== 'string')
    throw badRequest('INVALID_CURSOR', 'The cursor is not one this query returned.');
  return { range, key };
}
