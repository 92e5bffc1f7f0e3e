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

/** Checks an entity value against its declared attributes; undeclared attributes are refused. */
export function validateEntityValue(entity: CompiledEntity, value: unknown): JsonObject {
  if (!isJsonObject(value))
    throw badRequest('INVALID_ENTITY_VALUE', `A '${entity.name}' value must be an object of its declared attributes.`);
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const type = entity.attributes.get(attribute);
    if (type === undefined) {
      throw badRequest('INVALID_ENTITY_VALUE', `Attribute '${attribute}' is not declared for entity '${entity.name}'.`);
    }
    if (!matchesType(type, attributeValue)) {
      throw badRequest(
        'INVALID_ENTITY_VALUE',
        `Attribute '${attribute}' of entity '${entity.name}' must be of type ${describeType(type)}.`,
      );
    }
  }
  return value;
}

/** Whether `value` is a valid value of an attribute of `type`. */
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
  return type === 'integer' ? 'integer (32-bit signed)' : type === 'float' ? 'float (0 or magnitude 1e-130 to 1e126)' : type;
}
