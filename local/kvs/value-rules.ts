import { badRequest } from './errors';

export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_VALUE_DEPTH = 32;

/** Checks a value to store: present, not null, at most 32 levels deep and 240 KiB as JSON. */
export function validateValue(value: unknown): void {
  if (value === undefined) throw badRequest('BAD_REQUEST', 'A value is required.');
  // Forge's schema allows a string, number, boolean, array or object; null is none of those.
  if (value === null) throw badRequest('BAD_REQUEST', 'The value must not be null.');
  if (exceedsDepth(value, 0)) throw badRequest('MAX_DEPTH', `The value is nested deeper than ${MAX_VALUE_DEPTH} levels.`);
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > MAX_VALUE_BYTES) throw badRequest('MAX_SIZE', `The value is ${bytes} bytes as JSON; the maximum is ${MAX_VALUE_BYTES}.`);
}

function exceedsDepth(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth + 1 > MAX_VALUE_DEPTH) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => exceedsDepth(child, depth + 1));
}
