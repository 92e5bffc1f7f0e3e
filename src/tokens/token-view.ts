import type { Settings } from '../platform/policy-store';
import type { TokenRecord } from '../platform/token-store';
import type { InvalidTokenReason, Policy, TokenStatus, TokenView } from '../shared/tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

type BlockReason = Extract<InvalidTokenReason, `blocked_${string}`>;

const BLOCKED_BY: Record<BlockReason, string> = {
  blocked_any_workspace: 'The policy no longer allows tokens for any project or space.',
  blocked_never_expires: 'The policy no longer allows tokens that never expire.',
  blocked_lifetime: 'Its lifetime is longer than the policy now allows.',
};

/** When the token was revoked: by an admin, or by a revoke-all that came after its chain began. */
export function revokedAtOf(record: TokenRecord, settings: Pick<Settings, 'revocation'>): string | undefined {
  if (record.revokedAt) return record.revokedAt;
  const cutoff = settings.revocation.revokedBefore;
  const began = record.lineageCreatedAt ?? record.createdAt;
  return cutoff !== null && Date.parse(began) <= Date.parse(cutoff) ? cutoff : undefined;
}

/**
 * Why the current policy refuses a token that is otherwise good, if it does. The policy binds
 * tokens minted under an older one: a token whose scope or lifetime it no longer allows is
 * blocked — refused, not revoked — and works again if the policy allows it again.
 */
export function blockReason(record: TokenRecord, policy: Policy): BlockReason | undefined {
  if (record.scope.anyWorkspace && !policy.allowAnyWorkspace) return 'blocked_any_workspace';
  if (!record.expiresAt) return policy.allowNeverExpires ? undefined : 'blocked_never_expires';
  const lifetime = Date.parse(record.expiresAt) - Date.parse(record.createdAt);
  return lifetime > policy.maxLifetimeDays * DAY_MS ? 'blocked_lifetime' : undefined;
}

export function tokenStatus(record: TokenRecord, settings: Settings, now: Date): TokenStatus {
  if (revokedAtOf(record, settings)) return 'revoked';
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return blockReason(record, settings.policy) ? 'blocked' : 'active';
}

/** What an admin may see of a token: never the secret, never the hash. */
export function toTokenView(record: TokenRecord, settings: Settings, now: Date): TokenView {
  const status = tokenStatus(record, settings, now);
  const block = status === 'blocked' ? blockReason(record, settings.policy) : undefined;
  return {
    id: record.id,
    name: record.name,
    hint: record.hint,
    scope: record.scope,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt ?? null,
    lastUsedAt: record.lastUsedAt ?? null,
    revokedAt: revokedAtOf(record, settings) ?? null,
    rotatedFrom: record.rotatedFrom ?? null,
    status,
    blockedBy: block ? BLOCKED_BY[block] : null,
  };
}
