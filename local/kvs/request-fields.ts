import { badRequest } from './errors';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function requireObject(value: unknown, what: string): JsonObject {
  if (!isJsonObject(value)) throw badRequest('BAD_REQUEST', `${what} must be a JSON object.`);
  return value;
}

/** `undefined` for an absent optional object; an error for anything else that is not an object. */
export function optionalObject(value: unknown, what: string): JsonObject | undefined {
  return value === undefined ? undefined : requireObject(value, what);
}

export function requireArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw badRequest('BAD_REQUEST', `${what} must be a JSON array.`);
  return value;
}
