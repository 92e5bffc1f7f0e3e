import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { TOKEN_LENGTH, checksumOf, generateToken, hashToken, parseToken, tokenHint } from '../../src/tokens/token-format';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('token format', () => {
  it('mints qrm_ + 30 random + 6 checksum base62 characters that parse back', () => {
    for (let i = 0; i < 200; i++) {
      const token = generateToken();
      expect(token).toMatch(/^qrm_[0-9A-Za-z]{36}$/);
      expect(token).toHaveLength(TOKEN_LENGTH);
      expect(parseToken(token)).toEqual({ ok: true, token });
    }
  });

  it('never mints the same token twice in 10,000 draws', () => {
    const seen = new Set(Array.from({ length: 10_000 }, generateToken));
    expect(seen.size).toBe(10_000);
  });

  it('uses every base62 character in the random part (no biased alphabet)', () => {
    const used = new Set(Array.from({ length: 500 }, () => generateToken().slice(4, 34)).join(''));
    expect(used.size).toBe(62);
  });

  it('rejects any single-character change as a checksum failure, without storage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: TOKEN_LENGTH - 1 }), fc.constantFrom(...BASE62), (position, replacement) => {
        const token = generateToken();
        fc.pre(token[position] !== replacement);
        const typo = token.slice(0, position) + replacement + token.slice(position + 1);
        expect(parseToken(typo)).toEqual({ ok: false, reason: 'checksum' });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects swapped neighbouring characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: TOKEN_LENGTH - 2 }), (position) => {
        const token = generateToken();
        fc.pre(token[position] !== token[position + 1]);
        const swapped = token.slice(0, position) + token[position + 1] + token[position] + token.slice(position + 2);
        expect(parseToken(swapped).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('calls anything of the wrong shape malformed and never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        const parsed = parseToken(raw);
        if (parsed.ok) expect(parsed.token).toBe(raw);
      }),
    );
    for (const raw of [
      '',
      'qrm_',
      'QRM_' + 'a'.repeat(36),
      'qrm_' + 'a'.repeat(35),
      'qrm_' + 'a'.repeat(37),
      'qrm_' + '-'.repeat(36),
      ' ' + generateToken(),
    ]) {
      expect(parseToken(raw)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('encodes the CRC32 checksum as 6 base62 digits, zero-padded', () => {
    expect(checksumOf('')).toBe('000000');
    expect(checksumOf('abc')).toMatch(/^[0-9A-Za-z]{6}$/);
  });

  // Tokens minted before keep their checksums: the CRC is the standard one, as zlib computes it.
  it('checksums with the standard CRC-32, the same as zlib, for any random part', () => {
    const base62 = (value: number): string => {
      let out = '';
      for (let i = 0; i < 6; i++, value = Math.floor(value / 62)) out = BASE62[value % 62] + out;
      return out;
    };
    expect(checksumOf('123456789')).toBe(base62(0xcbf43926));
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z]{30}$/), (random) => {
        expect(checksumOf(random)).toBe(base62(crc32(random)));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes with SHA-256 to 64 hex characters and hints with the last four only', () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(tokenHint(token)).toBe(`qrm_…${token.slice(-4)}`);
  });
});
