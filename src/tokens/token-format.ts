import { hash, randomInt } from 'node:crypto';
import { str as crc32Signed } from 'crc-32';

/**
 * `qrm_` + 30 random base62 characters (≈178.6 bits) + 6 base62 characters of CRC32 over the
 * random part. The checksum lets the app turn away typos and garbage without touching storage,
 * and the fixed prefix lets secret scanners recognise a leaked token.
 */
export const TOKEN_PREFIX = 'qrm_';
export const TOKEN_RANDOM_LENGTH = 30;
export const TOKEN_CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH}}$`);

export type ParsedToken = { ok: true; token: string } | { ok: false; reason: 'malformed' | 'checksum' };

export function generateToken(): string {
  let random = '';
  // randomInt draws from the CSPRNG without modulo bias.
  for (let i = 0; i < TOKEN_RANDOM_LENGTH; i++) random += BASE62[randomInt(BASE62.length)];
  return TOKEN_PREFIX + random + checksumOf(random);
}

export function checksumOf(random: string): string {
  // The standard CRC-32 (as zlib's), read unsigned; `crc-32` spares a cold start loading zlib and its streams.
  let value = crc32Signed(random) >>> 0;
  let out = '';
  for (let i = 0; i < TOKEN_CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** Checks shape and checksum only: no storage is read for a token that fails here. */
export function parseToken(raw: string): ParsedToken {
  if (raw.length !== TOKEN_LENGTH || !TOKEN_PATTERN.test(raw)) return { ok: false, reason: 'malformed' };
  const random = raw.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + TOKEN_RANDOM_LENGTH);
  if (raw.slice(-TOKEN_CHECKSUM_LENGTH) !== checksumOf(random)) return { ok: false, reason: 'checksum' };
  return { ok: true, token: raw };
}

/**
 * SHA-256 is enough here (no salt, no slow hash): the secret is 178 random bits, not a password,
 * so there is nothing to brute-force, and a fast hash keeps verification to one keyed read.
 */
export function hashToken(token: string): string {
  // One-shot: under half the time of createHash().update().digest() for a token this short.
  return hash('sha256', token, 'hex');
}

export function tokenHint(token: string): string {
  return `${TOKEN_PREFIX}…${token.slice(-4)}`;
}
