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
  /** One per (poll, voter), keyed by poll id + a keyed hash of the voter: never the account id. */
  pollVote: 'poll-vote',
  /** A poll's vote counts, split over a few records so that concurrent votes rarely collide. */
  pollTally: 'poll-tally',
  /** A deleted poll whose votes are still being deleted; keyed by poll id. */
  pollCleanup: 'poll-cleanup',
} as const;

export const INDEX = {
  tokenById: 'by-id',
  tokenByCreatedAt: 'by-created',
  tokenByName: 'by-name',
  auditByTime: 'by-time',
  auditByToken: 'by-token',
  auditByOutcome: 'by-outcome',
  pollByLocation: 'by-location',
  /** Where the poll UI lists polls: one issue, or one macro on one page. */
  pollByPlace: 'by-place',
  /** Every poll on one issue or page, whatever macro: for moves and deletions. */
  pollByContent: 'by-content',
  /** Open polls set to close on their end date, by end date. */
  pollByClosing: 'by-closing',
  voteByPoll: 'by-poll',
  cleanupByTime: 'by-time',
} as const;

export const KEY = {
  policy: 'settings:policy',
  /** The `revocation` record: every token whose rotation chain began before it is revoked. */
  revocation: 'last-revoke-all',
  /** Key of a `poll-idempotency` entity: idempotency keys are scoped per token. */
  pollIdempotency: (tokenId: string, keyHash: string): string => `${tokenId}:${keyHash}`,
  /** Key of a `poll-vote` entity. */
  pollVote: (pollId: string, voterHash: string): string => `${pollId}:${voterHash}`,
  /** Key of a `poll-cleanup` entity: not the poll id itself, as a transaction uses each key once. */
  pollCleanup: (pollId: string): string => `${pollId}:cleanup`,
  /** Key of a `poll-tally` entity: shard `shard` of the poll's counts. */
  pollTally: (pollId: string, shard: number): string => `${pollId}:${shard}`,
  /** The KVS secret the voter hashes are keyed with (storage-reference/kvs-api-secret). */
  voterSecret: 'voter-key',
} as const;
