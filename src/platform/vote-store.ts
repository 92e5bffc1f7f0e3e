import { randomInt } from 'node:crypto';
import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import { sumTallies, type Tally } from '../polls/results';
import { entityText, requiredText, textOf, type EntityText } from './entity-text';
import { pageOf, writeConditionally } from './kvs-errors';
import { pollFromStored, type PollRecord } from './poll-store';
import { ENTITY, INDEX, KEY } from './storage-names';
import type { TransactionCheck, TransactionRow } from './transaction-rows';

/**
 * Votes and their counts (DESIGN §10). One `poll-vote` per poll and voter, keyed by the voter's
 * keyed hash (voter-key.ts). The counts live in `TALLY_SHARDS` `poll-tally` records per poll: a
 * vote changes one of them, chosen at random, in the same transaction as the vote itself — so
 * concurrent votes collide only when they pick the same shard, a collision is retried, and no
 * vote is lost or counted twice. Results read every shard in one batch read, whatever the number
 * of voters.
 */
export const TALLY_SHARDS = 8;
const BATCH_LIMIT = 25;

export type VoteRecord = {
  pollId: string;
  optionIds: string[];
  comment: string | null;
  at: string;
  /** Only for polls that save participant names; an anonymous poll's votes name nobody. */
  voter?: { accountId: string; displayName: string };
  version: number;
};

type StoredVote = {
  pollId: EntityText;
  optionIds: string[];
  comment?: EntityText;
  at: EntityText;
  accountId?: EntityText;
  displayName?: EntityText;
  version: number;
};

export type TallyShard = { pollId: string; counts: Record<string, number>; participants: number; version: number };

function toStoredVote(vote: VoteRecord): StoredVote {
  const stored: StoredVote = {
    pollId: requiredText(vote.pollId, 'pollId'),
    optionIds: vote.optionIds,
    at: requiredText(vote.at, 'at'),
    version: vote.version,
  };
  const comment = entityText(vote.comment);
  if (comment) stored.comment = comment;
  if (vote.voter) {
    stored.accountId = requiredText(vote.voter.accountId, 'accountId');
    // A display name may be blank; the account id stands in for it.
    stored.displayName = entityText(vote.voter.displayName) ?? stored.accountId;
  }
  return stored;
}

function fromStoredVote(stored: StoredVote): VoteRecord {
  const vote: VoteRecord = {
    pollId: stored.pollId,
    optionIds: stored.optionIds,
    comment: stored.comment ?? null,
    at: stored.at,
    version: stored.version,
  };
  if (stored.accountId) vote.voter = { accountId: stored.accountId, displayName: textOf(stored.displayName) || stored.accountId };
  return vote;
}

const shardKeys = (pollId: string): string[] => Array.from({ length: TALLY_SHARDS }, (_, i) => KEY.pollTally(pollId, i));

function tallyOfShard(shard: TallyShard | undefined): Tally {
  return shard ? { participants: shard.participants, votes: shard.counts } : { participants: 0, votes: {} };
}

/**
 * What a vote depends on, read at once: the poll, the voter's vote (when `voteKey` names one), and
 * every tally shard. One storage request.
 */
export type Ballot = { poll: PollRecord | undefined; vote: VoteRecord | undefined; shards: Array<TallyShard | undefined> };

export async function readBallot(pollId: string, voteKey?: string): Promise<Ballot> {
  const { successfulKeys } = await kvs.batchGet<unknown>([
    { key: pollId, entityName: ENTITY.poll },
    ...(voteKey === undefined ? [] : [{ key: voteKey, entityName: ENTITY.pollVote }]),
    ...shardKeys(pollId).map((key) => ({ key, entityName: ENTITY.pollTally })),
  ]);
  const found = (key: string, entityName: string): unknown =>
    successfulKeys.find((item) => item.key === key && item.entityName === entityName)?.value;
  const poll = found(pollId, ENTITY.poll);
  const vote = voteKey === undefined ? undefined : found(voteKey, ENTITY.pollVote);
  return {
    poll: poll === undefined ? undefined : pollFromStored(poll as Parameters<typeof pollFromStored>[0]),
    vote: vote === undefined ? undefined : fromStoredVote(vote as StoredVote),
    shards: shardKeys(pollId).map((key) => found(key, ENTITY.pollTally) as TallyShard | undefined),
  };
}

export function tallyOf(shards: ReadonlyArray<TallyShard | undefined>): Tally {
  return sumTallies(shards.map(tallyOfShard));
}

/** The tallies of several polls: every shard of each, `BATCH_LIMIT` keys per storage request, side by side. */
export async function readTallies(pollIds: readonly string[]): Promise<Map<string, Tally>> {
  const keys = pollIds.flatMap((pollId) => shardKeys(pollId).map((key) => ({ key, entityName: ENTITY.pollTally })));
  const shards = new Map<string, TallyShard>();
  for (const { successfulKeys } of await Promise.all(batches(keys).map((batch) => kvs.batchGet<TallyShard>(batch)))) {
    for (const item of successfulKeys) shards.set(item.key, item.value);
  }
  return new Map(pollIds.map((pollId) => [pollId, tallyOf(shardKeys(pollId).map((key) => shards.get(key)))]));
}

/** The shards of a poll as they were read, for a poll write that must not race a vote. */
export function unchangedShards(
  pollId: string,
  shards: ReadonlyArray<TallyShard | undefined>,
): {
  checks: TransactionCheck[];
  stillHold: () => Promise<boolean>;
} {
  const keys = shardKeys(pollId);
  return {
    checks: keys.map((key, i) => ({ key, entityName: ENTITY.pollTally, conditions: versionOrAbsent(shards[i]?.version) })),
    stillHold: async () => {
      const now = await readShards(pollId);
      return now.every((shard, i) => shard?.version === shards[i]?.version);
    },
  };
}

export async function readShards(pollId: string): Promise<Array<TallyShard | undefined>> {
  const { successfulKeys } = await kvs.batchGet<TallyShard>(shardKeys(pollId).map((key) => ({ key, entityName: ENTITY.pollTally })));
  return shardKeys(pollId).map((key) => successfulKeys.find((item) => item.key === key)?.value);
}

/** A change of one voter's vote: from `previous` (none: a first vote) to `next` (none: withdrawn). */
export type BallotChange = {
  ballot: Ballot;
  voteKey: string;
  next: VoteRecord | undefined;
};

/**
 * Writes a vote change in one transaction: the vote, one tally shard's counts, and a check that
 * the poll is still the version the vote was judged against. False when any of them changed
 * meanwhile (nothing was written): the caller reads again and retries.
 */
export async function writeBallot({ ballot, voteKey, next }: BallotChange): Promise<boolean> {
  const { poll, vote: previous, shards } = ballot;
  if (!poll) return false;
  const shard = randomInt(TALLY_SHARDS);
  const current = shards[shard];
  const counts = { ...(current?.counts ?? {}) };
  for (const id of previous?.optionIds ?? []) counts[id] = (counts[id] ?? 0) - 1;
  for (const id of next?.optionIds ?? []) counts[id] = (counts[id] ?? 0) + 1;
  for (const [id, count] of Object.entries(counts)) if (count === 0) delete counts[id];
  const participants = (current?.participants ?? 0) + (next ? 1 : 0) - (previous ? 1 : 0);
  const tallyKey = KEY.pollTally(poll.id, shard);
  const tally: TallyShard = { pollId: poll.id, counts, participants, version: (current?.version ?? 0) + 1 };

  let transaction = kvs
    .transact()
    .check(poll.id, {
      entityName: ENTITY.poll,
      conditions: new Filter<{ version: number }>().and('version', FilterConditions.equalTo(poll.version)),
    })
    .set(tallyKey, tally, { entityName: ENTITY.pollTally, conditions: versionOrAbsent(current?.version) });
  const voteConditions = versionOrAbsent(previous?.version);
  transaction = next
    ? transaction.set(voteKey, toStoredVote(next), { entityName: ENTITY.pollVote, conditions: voteConditions })
    : transaction.delete(voteKey, { entityName: ENTITY.pollVote, conditions: voteConditions });
  return writeConditionally(
    () => transaction.execute(),
    async () => {
      const again = await readBallot(poll.id, voteKey);
      return (
        again.poll?.version === poll.version &&
        again.vote?.version === previous?.version &&
        again.shards[shard]?.version === current?.version
      );
    },
  );
}

/** Votes by key, `BATCH_LIMIT` per storage request, side by side; a key without a vote is absent from the map. */
export async function batchGetVotes(keys: readonly string[]): Promise<Map<string, VoteRecord>> {
  const votes = new Map<string, VoteRecord>();
  const items = keys.map((key) => ({ key, entityName: ENTITY.pollVote }));
  for (const { successfulKeys } of await Promise.all(batches(items).map((batch) => kvs.batchGet<StoredVote>(batch)))) {
    for (const item of successfulKeys) votes.set(item.key, fromStoredVote(item.value));
  }
  return votes;
}

/** A page of a poll's votes, oldest first. */
export async function queryVotes(
  pollId: string,
  page: { limit: number; cursor?: string },
): Promise<{ votes: VoteRecord[]; nextCursor: string | null }> {
  const query = kvs
    .entity<StoredVote>(ENTITY.pollVote)
    .query()
    .index(INDEX.voteByPoll, { partition: [pollId] })
    .sort(Sort.ASC)
    .limit(page.limit);
  const result = await pageOf(query, page.cursor);
  return { votes: result.results.map((r) => fromStoredVote(r.value)), nextCursor: result.nextCursor ?? null };
}

/**
 * What a poll's deletion removes and writes in its own transaction: every tally shard, each only
 * if unchanged since `shards` were read (so a vote landing meanwhile fails the deletion, which is
 * retried), and — when there are votes to delete — a cleanup marker for them.
 */
export function pollDeletionExtras(
  pollId: string,
  shards: ReadonlyArray<TallyShard | undefined>,
  deletedAt: string,
): { alsoDelete: TransactionCheck[]; rows: TransactionRow[]; hasVotes: boolean } {
  const hasVotes = tallyOf(shards).participants > 0;
  return {
    alsoDelete: shardKeys(pollId).map((key, i) => ({ key, entityName: ENTITY.pollTally, conditions: versionOrAbsent(shards[i]?.version) })),
    rows: hasVotes ? [{ key: KEY.pollCleanup(pollId), entityName: ENTITY.pollCleanup, value: { pollId, deletedAt } }] : [],
    hasVotes,
  };
}

/**
 * Deletes a deleted poll's votes, 25 per request, up to `maxRounds` rounds; when none is left,
 * its cleanup marker too. True when done. What is left is for the next round (maintenance).
 */
export async function deleteVotesOf(pollId: string, maxRounds: number): Promise<boolean> {
  for (let round = 0; round < maxRounds; round++) {
    const votes = await voteKeysOf(pollId);
    if (votes.length === 0) {
      await kvs.entity(ENTITY.pollCleanup).delete(KEY.pollCleanup(pollId));
      return true;
    }
    await kvs.batchDelete(votes.map((key) => ({ key, entityName: ENTITY.pollVote })));
  }
  return false;
}

async function voteKeysOf(pollId: string): Promise<string[]> {
  const result = await kvs
    .entity<StoredVote>(ENTITY.pollVote)
    .query()
    .index(INDEX.voteByPoll, { partition: [pollId] })
    .limit(BATCH_LIMIT)
    .getMany();
  return result.results.map((r) => r.key);
}

/** Deleted polls whose votes are still being deleted, oldest first. */
export async function pendingCleanups(limit: number, now: Date): Promise<string[]> {
  const result = await kvs
    .entity<{ pollId: string; deletedAt: string }>(ENTITY.pollCleanup)
    .query()
    .index(INDEX.cleanupByTime)
    .where(WhereConditions.lessThanEqualTo(now.toISOString()))
    .sort(Sort.ASC)
    .limit(limit)
    .getMany();
  return result.results.map((r) => r.value.pollId);
}

/** `BATCH_LIMIT` items per storage request, the requests made side by side. */
function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH_LIMIT) out.push(items.slice(start, start + BATCH_LIMIT));
  return out;
}

function versionOrAbsent(version: number | undefined): ReturnType<Filter<{ version: number }>['and']> {
  return version === undefined
    ? new Filter<{ version: number }>().and('version', FilterConditions.notExists())
    : new Filter<{ version: number }>().and('version', FilterConditions.equalTo(version));
}
