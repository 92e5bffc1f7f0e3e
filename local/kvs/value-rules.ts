import { badRequest } from './errors';

/** storage-reference/limits-kvs-ce, "Value size": 240 KiB. */
export const MAX_VALUE_BYTES = 240 * 1024;
/** storage-reference/kvs-api-secret: "persisted JSON values may be up to 128 KiB". */
export const MAX_SECRET_BYTES = 128 * 1024;
/**
 * The pages disagree: limits-kvs-ce and entities-manifest say "a maximum depth of 31", the
 * MAX_DEPTH error text on handling-errors-kvs says 32. The stricter figure is enforced, counting
 * the outermost object or array as level 1.
 */
export const MAX_VALUE_DEPTH = 31;

/** Checks a value to store: present, not null, at most 31 levels deep and within its size limit. */
export function validateValue(value: unknown, maxBytes: number = MAX_VALUE_BYTES): void {
  if (value === undefined) throw badRequest('BAD_REQUEST', 'A value is required.');
  // "any JSON data type except null" (storage-reference/kvs).
  if (value === null) throw badRequest('BAD_REQUEST', 'The value must not be null.');
  if (exceedsDepth(value, 0)) throw badRequest('MAX_DEPTH', `The value is nested deeper than ${MAX_VALUE_DEPTH} levels.`);
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > maxBytes) throw badRequest('MAX_SIZE', `The value is ${bytes} bytes as JSON; the maximum is ${maxBytes}.`);
}

function exceedsDepth(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth + 1 > MAX_VALUE_DEPTH) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => exceedsDepth(child, depth + 1));
}
