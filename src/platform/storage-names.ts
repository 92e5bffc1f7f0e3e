/**
 * Every storage key prefix and custom entity name the app uses, in one place. Entities and their
 * indexes must match `app.storage.entities` in manifest.yml.
 */
export const ENTITY = {
  /** Keyed by SHA-256 of the token: verifying a token is one keyed read. */
  token: 'token',
  /** Keyed by a time-ordered id; kept for the policy's retention through the TTL. */
  auditEvent: 'audit-event',
} as const;

export const INDEX = {
  tokenById: 'by-id',
  tokenByCreatedAt: 'by-created',
  auditByTime: 'by-time',
  auditByToken: 'by-token',
  auditByOutcome: 'by-outcome',
} as const;

export const KEY = {
  policy: 'settings:policy',
  /** Claims a token name among tokens that are not revoked; holds the token id. */
  tokenName: (nameHash: string): string => `token-name:${nameHash}`,
} as const;
