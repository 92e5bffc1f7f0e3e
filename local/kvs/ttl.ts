import { badRequest } from './errors';
import { isJsonObject } from './request-fields';

const UNIT_MS: Record<string, number> = {
  SECONDS: 1_000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** Forge keeps data for at most one year after a write with a TTL. */
export const MAX_TTL_MS = 365 * UNIT_MS['DAYS']!;

/** Reads `options.ttl` (`{ value, unit }`) as milliseconds; `undefined` when there is none. */
export function parseTtl(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw)) throw badRequest('BAD_REQUEST', 'options.ttl must be an object { value, unit }.');
  const { value, unit } = raw;
  const unitMs = typeof unit === 'string' ? UNIT_MS[unit] : undefined;
  if (unitMs === undefined) throw badRequest('BAD_REQUEST', `options.ttl.unit must be one of ${Object.keys(UNIT_MS).join(', ')}.`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw badRequest('BAD_REQUEST', 'options.ttl.value must be a positive integer.');
  }
  const ms = value * unitMs;
  if (ms > MAX_TTL_MS) throw badRequest('BAD_REQUEST', 'options.ttl must not be longer than 365 days.');
  return ms;
}
