import { loadCredential } from '../platform/credential-store';
import { updateToken, type TokenRecord } from '../platform/token-store';
import type { InvalidTokenReason, Policy } from '../shared/tokens';
import { hashToken, parseToken } from './token-format';
import { tokenStatus } from './token-view';

export type PresentedToken = { value: string; source: 'header' | 'query' } | undefined;
export type Principal = { tokenId: string; record: TokenRecord };
export type Authentication =
  | { ok: true; principal: Principal; policy: Policy }
  | { ok: false; reason: InvalidTokenReason; tokenId: string | null; policy: Policy | null };

// lastUsedAt is written at most once a minute per token, so a busy token costs one read, not
// one read and one write, per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks a presented token: shape and checksum first (no storage read for garbage), then one
 * read by hash. Every failure carries its real reason for the audit log; the caller answers them
 * all alike.
 */
export async function authenticate(presented: PresentedToken, now: Date = new Date()): Promise<Authentication> {
  if (!presented) return { ok: false, reason: 'missing', tokenId: null, policy: null };
  const parsed = parseToken(presented.value);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, tokenId: null, policy: null };
  const hash = hashToken(parsed.token);
  const { record, policy } = await loadCredential(hash);
  // The lookup is by hash, so no secret is ever compared byte by byte: nothing to time.
  if (!record) return { ok: false, reason: 'unknown', tokenId: null, policy };
  if (presented.source === 'query' && !policy.acceptQueryToken)
    return { ok: false, reason: 'query_token_disabled', tokenId: record.id, policy };
  const status = tokenStatus(record, now);
  if (status !== 'active') return { ok: false, reason: status, tokenId: record.id, policy };
  await touchLastUsed(hash, record, now);
  return { ok: true, principal: { tokenId: record.id, record }, policy };
}

async function touchLastUsed(hash: string, record: TokenRecord, now: Date): Promise<void> {
  const last = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
  if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
  // Conditional on the version: losing to a concurrent revoke or another touch is fine, and a
  // failed write only leaves lastUsedAt stale — never a reason to refuse a valid token.
  try {
    await updateToken(hash, record.version, { ...record, lastUsedAt: now.toISOString() });
  } catch (error) {
    console.error('Could not record lastUsedAt', error instanceof Error ? error.message : error);
  }
}
