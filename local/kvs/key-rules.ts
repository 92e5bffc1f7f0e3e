import { badRequest } from './errors';

// The pattern Forge documents: letters, digits, `:._-#` and whitespace, but not only whitespace.
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;
const KEY_ALPHABET = /^[a-zA-Z0-9:._\s#-]*$/;
export const MAX_KEY_LENGTH = 500;

/** Whether some valid key could begin with `prefix`. */
export function isPossibleKeyPrefix(prefix: string): boolean {
  return KEY_ALPHABET.test(prefix);
}

/** Plain and secret keys answer an empty key with KEY_TOO_SHORT, entity keys with EMPTY_KEY. */
export type KeyKind = 'plain' | 'entity';

export function validateKey(key: unknown, kind: KeyKind): string {
  if (typeof key !== 'string') throw badRequest('INVALID_KEY', 'The key must be a string.');
  if (key.length === 0) {
    throw kind === 'entity'
      ? badRequest('EMPTY_KEY', 'Key cannot be empty.')
      : badRequest('KEY_TOO_SHORT', 'The key must be at least one character long.');
  }
  if (key.length > MAX_KEY_LENGTH)
    throw badRequest('KEY_TOO_LONG', `The key has ${key.length} characters; the maximum is ${MAX_KEY_LENGTH}.`);
  if (!KEY_PATTERN.test(key)) throw badRequest('INVALID_KEY', `The key does not match the regex ${KEY_PATTERN.source}.`);
  return key;
}
