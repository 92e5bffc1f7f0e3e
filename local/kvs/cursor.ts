import { badRequest } from './errors';
import { isJsonObject, type JsonObject } from './request-fields';

/** Cursors are opaque to clients: base64url JSON naming the last item and the query it belongs to. */
export function encodeCursor(payload: JsonObject): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Decodes a cursor issued for the query whose scope is `scope`; `undefined` when none was sent. */
export function decodeCursor(raw: unknown, scope: string): JsonObject | undefined {
  if (raw === undefined) return undefined;
  let payload: unknown;
  try {
    payload = typeof raw === 'string' ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
  } catch {
    payload = undefined;
  }
  if (!isJsonObject(payload) || payload['scope'] !== scope) {
    throw badRequest('INVALID_CURSOR', 'The cursor is not one this query returned.');
  }
  return payload;
}
