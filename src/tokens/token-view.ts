import type { TokenRecord } from '../platform/token-store';
import type { TokenStatus, TokenView } from '../shared/tokens';

export function tokenStatus(record: TokenRecord, now: Date): TokenStatus {
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** What an admin may see of a token: never the secret, never the hash. */
export function toTokenView(record: TokenRecord, now: Date): TokenView {
  return {
    id: record.id,
    name: record.name,
    hint: record.hint,
    scope: record.scope,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt ?? null,
    lastUsedAt: record.lastUsedAt ?? null,
    revokedAt: record.revokedAt ?? null,
    rotatedFrom: record.rotatedFrom ?? null,
    status: tokenStatus(record, now),
  };
}
