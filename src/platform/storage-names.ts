/**
 * Every storage key prefix and custom entity name the app uses, in one place. Entities and their
 * indexes must match `app.storage.entities` in manifest.yml.
 */
export const ENTITY = {
  /** Keyed by SHA-256 of the token: verifying a token is one keyed read. */
  token: 'token',
  /** Keyed by a hash of a token name: which token that is not revoked holds it. */
  tokenName: 'token-name',
  /** One record, `KEY.revocation`: the time of the last revoke-all. */
  revocation: 'revocation',
  /** Keyed by a time-ordered id; kept for the policy's retention through the TTL. */
  auditEvent: 'audit-event',
  /** Keyed by poll id; `locationKey` (derived from product, workspace, content, container) partitions `by-location`. */
  poll: 'poll',
  /** Keyed by token id + SHA-256 of an `Idempotency-Key`; kept 24 hours through the TTL. */
  pollIdempotency: 'poll-idempotency',
} as const;

export const INDEX = {
  tokenById: 'by-id',
  tokenByCreatedAt: 'by-created',
  tokenByName: 'by-name',
  auditByTime: 'by-time',
  auditByToken: 'by-token',
  auditByOutcome: 'by-outcome',
  pollByLocation: 'by-location',
} as const;

export const KEY = {
  policy: 'settings:policy',
  /** The `revocation` record: every token whose rotation chain began before it is revoked. */
  revocation: 'last-revoke-all',
  /** Key of a `poll-idempotency` entity: idempotency keys are scoped per token. */
  pollIdempotency: (tokenId: string, keyHash: string): string => `${tokenId}:${keyHash}`,
} as const;
