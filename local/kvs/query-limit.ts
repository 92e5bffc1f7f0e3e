import { badRequest } from './errors';

export const MAX_QUERY_LIMIT = 100;
// Forge pages queries without a limit; apps that want more must say so and follow cursors.
export const DEFAULT_QUERY_LIMIT = 10;

export function parseQueryLimit(raw: unknown, code: string): number {
  if (raw === undefined) return DEFAULT_QUERY_LIMIT;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_QUERY_LIMIT) {
    throw badRequest(code, `The page limit must be an integer from 1 to ${MAX_QUERY_LIMIT}.`);
  }
  return raw;
}
