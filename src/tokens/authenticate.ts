import { loadCredential } from '../platform/credential-store';
import type { Settings } from '../platform/policy-store';
import type { TokenRecord } from '../platform/token-store';
import type { InvalidTokenReason } from '../shared/tokens';
import { hashToken, parseToken } from './token-format';
import { blockReason, revokedAtOf } from './token-view';

export type PresentedToken = { value: string; source: 'header' | 'query' } | undefined;
export type Principal = { tokenId: string; hash: string; record: TokenRecord };

/** The checks that need no storage: what was presented, its shape and checksum. */
export type Presented =
  { ok: true; hash: string; source: 'header' | 'query' } | { ok: false; reason: 'missing' | 'malformed' | 'checksum' };

export type Authentication =
  | { ok: true; principal: Principal; settings: Settings }
  | { ok: false; reason: InvalidTokenReason; tokenId: string | null; settings: Settings | null };

/** Shape and checksum first: garbage never costs a storage request. */
export function checkPresented(presented: PresentedToken): Presented {
  if (!presented) return { ok: false, reason: 'missing' };
  const parsed = parseToken(presented.value);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  return { ok: true, hash: hashToken(parsed.token), source: presented.source };
}

/**
 * Checks a token that passed its checksum with one read by hash (with the policy and the last
 * revoke-all in the same request). Every failure carries its real reason for the audit log; the
 * caller answers them all alike. Nothing is written here.
 */
export async function authenticate(presented: Extract<Presented, { ok: true }>, now: Date = new Date()): Promise<Authentication> {
  const { record, policy, revocation } = await loadCredential(presented.hash);
  const settings: Settings = { policy, revocation };
  // The lookup is by hash, so no secret is ever compared byte by byte: nothing to time.
  if (!record) return { ok: false, reason: 'unknown', tokenId: null, settings };
  const refuse = (reason: InvalidTokenReason): Authentication => ({ ok: false, reason, tokenId: record.id, settings });
  if (presented.source === 'query' && !policy.acceptQueryToken) return refuse('query_token_disabled');
  if (revokedAtOf(record, settings)) return refuse('revoked');
  if (record.expiresAt && Date.parse(record.expiresAt) <= now.getTime()) return refuse('expired');
  const blocked = blockReason(record, policy);
  if (blocked) return refuse(blocked);
  return { ok: true, principal: { tokenId: record.id, hash: presented.hash, record }, settings };
}
