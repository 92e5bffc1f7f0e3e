import { badRequest } from './errors';
import type { CompiledEntity } from './entity-schema';
import { isJsonObject, type JsonObject } from './request-fields';
import type { AttributeType } from './service-types';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
// Forge's float attributes take 0 or a magnitude in this range (38 significant digits).
const FLOAT_MIN_MAGNITUDE = 1e-130;
// The largest 38-digit magnitude, 9.99…9e125, is exactly 1e126 once rounded to a double.
const FLOAT_MAX_MAGNITUDE = 1e126;

/**
 * Checks an entity value against its declared attributes (storage-reference/entities-manifest,
 * "Values": types are strictly enforced). Undeclared attributes are refused.
 */
export function validateEntityValue(entity: CompiledEntity, value: unknown): JsonObject {
  if (!isJsonObject(value))
    throw badRequest('INVALID_ENTITY_VALUE', `A '${entity.name}' value must be an object of its declared attributes.`);
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const type = entity.attributes.get(attribute);
    if (type === undefined) {
      throw badRequest('INVALID_ENTITY_VALUE', `Attribute '${attribute}' is not declared for entity '${entity.name}'.`);
    }
    if (!isStorable(type, attributeValue)) {
      throw badRequest(
        'INVALID_ENTITY_VALUE',
        `Attribute '${attribute}' of entity '${entity.name}' must be ${describeType(type)}; got ${describeValue(attributeValue)}.`,
      );
    }
  }
  return value;
}

/**
 * Whether `value` may be stored in an attribute of `type`. Stricter than `matchesType` for
 * strings: a stored `string` "must contain at least one non-whitespace character" and "must not
 * be empty"; and `any` takes every JSON type but null.
 */
export function isStorable(type: AttributeType, value: unknown): boolean {
  if (type === 'string') return typeof value === 'string' && /\S/u.test(value);
  if (type === 'any') return value !== null && value !== undefined;
  return matchesType(type, value);
}

/** Whether `value` is of the attribute's type, as a query or condition value must be. */
export function matchesType(type: AttributeType, value: unknown): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const magnitude = Math.abs(value);
      return magnitude === 0 || (magnitude >= FLOAT_MIN_MAGNITUDE && magnitude <= FLOAT_MAX_MAGNITUDE);
    }
  }
}

function describeType(type: AttributeType): string {
  switch (type) {
    case 'string':
      return 'a string with at least one non-whitespace character';
    case 'integer':
      return 'an integer (32-bit signed)';
    case 'float':
      return 'a float (0 or a magnitude from 1e-130 to 1e126)';
    case 'boolean':
      return 'a boolean';
    case 'any':
      return 'a string, number, boolean, object or array (not null)';
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : /\S/u.test(value) ? 'a string' : 'a blank string';
  return Array.isArray(value) ? 'an array' : typeof value;
}
