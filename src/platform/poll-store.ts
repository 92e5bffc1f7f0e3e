import { Filter, FilterConditions, ForgeKvsAPIError, kvs, Sort } from '@forge/kvs';
import { validationError } from '../shared/domain-errors';
import type { PollCreator, PollLocation, PollOption, PollSettings, PollStatus } from '../shared/polls';
import { executeConditionally, isKeyTaken } from './kvs-errors';
import { ENTITY, INDEX, KEY } from './storage-names';

/** A poll as stored, keyed by its id. */
export type PollRecord = PollLocation & {
  id: string;
  title: string;
  description: string;
  options: PollOption[];
  settings: PollSettings;
  /** The partition of `by-location`: one indexed query lists one issue's or macro's polls. */
  locationKey: string;
  status: PollStatus;
  /** 1 on create, +1 on every change; every update is conditional on it, so none is lost. */
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: PollCreator;
  /** Votes counted so far, kept with the poll so results cost no extra read. */
  tally?: PollTally;
};

export type PollTally = { ballots: number; options: Record<string, number> };

/**
 * A row the caller wants written in the same transaction as the poll (an audit record, say):
 * both are written or neither is, in one storage request.
 */
export type TransactionSet = { key: string; value: unknown; entityName?: string; ttlDays?: number };

/** What an `Idempotency-Key` maps to: the poll its first request creates, and that request's hash. */
export type IdempotencyRecord = {
  pollId: string;
  requestHash: string;
  state: 'pending' | 'done';
  claimedAt: string;
};

const IDEMPOTENCY_TTL = { value: 24, unit: 'HOURS' } as const;

const polls = (): ReturnType<typeof kvs.entity<PollRecord>> => kvs.entity<PollRecord>(ENTITY.poll);
const claims = (): ReturnType<typeof kvs.entity<IdempotencyRecord>> => kvs.entity<IdempotencyRecord>(ENTITY.pollIdempotency);

/** JSON keeps the four parts apart whatever characters a macro id holds. */
export function locationKeyOf(location: PollLocation): string {
  return JSON.stringify([location.product, location.workspace, location.content, location.container]);
}

export async function getPollRecord(id: string): Promise<PollRecord | undefined> {
  return polls().get(id);
}

/** One page of the polls at one location, oldest first: a single indexed query, never a scan. */
export async function queryPollsAt(
  locationKey: string,
  page: { limit: number; cursor?: string },
): Promise<{ records: PollRecord[]; nextCursor: string | null }> {
  let query = polls()
    .query()
    .index(INDEX.pollByLocation, { partition: [locationKey] })
    .sort(Sort.ASC)
    .limit(page.limit);
  if (page.cursor !== undefined) query = query.cursor(page.cursor);
  try {
    const result = await query.getMany();
    return { records: result.results.map((r) => r.value), nextCursor: result.nextCursor ?? null };
  } catch (error) {
    // A cursor from another listing (or a mangled one) is the caller's mistake, not a crash.
    if (page.cursor !== undefined && error instanceof ForgeKvsAPIError && error.responseDetails.status === 400) {
      throw validationError([{ field: 'cursor', message: 'is not a cursor of this listing' }]);
    }
    throw error;
  }
}

/**
 * Creates a poll; with `claim`, also marks that idempotency claim done — but only while it is
 * still ours and pending. False when a condition failed (nothing was written).
 */
export async function insertPoll(
  record: PollRecord,
  options: { alongside?: TransactionSet[]; claim?: { key: string; record: IdempotencyRecord } } = {},
): Promise<boolean> {
  let transaction = kvs.transact().set(record.id, record, { entityName: ENTITY.poll, conditions: pollAbsent() });
  if (options.claim) {
    const { key, record: claim } = options.claim;
    transaction = transaction.set(
      key,
      { ...claim, state: 'done' },
      { entityName: ENTITY.pollIdempotency, conditions: claimIs(claim) },
      { ttl: IDEMPOTENCY_TTL },
    );
  }
  return executeConditionally(withAlongside(transaction, options.alongside));
}

/** Writes `next` if the stored poll is still at `expectedVersion`; false if it changed or vanished. */
export async function updatePoll(next: PollRecord, expectedVersion: number, alongside?: TransactionSet[]): Promise<boolean> {
  const transaction = kvs.transact().set(next.id, next, { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  return executeConditionally(withAlongside(transaction, alongside));
}

/** Deletes the poll if it is still at `expectedVersion`; false if it changed or vanished. */
export async function deletePollRecord(id: string, expectedVersion: number, alongside?: TransactionSet[]): Promise<boolean> {
  const transaction = kvs.transact().delete(id, { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  return executeConditionally(withAlongside(transaction, alongside));
}

export function idempotencyKeyOf(tokenId: string, keyHash: string): string {
  return KEY.pollIdempotency(tokenId, keyHash);
}

/** Claims an idempotency key for one request; false if another request holds it. */
export async function claimIdempotencyKey(key: string, record: IdempotencyRecord): Promise<boolean> {
  try {
    await claims().set(key, record, { keyPolicy: 'FAIL_IF_EXISTS', ttl: IDEMPOTENCY_TTL });
    return true;
  } catch (error) {
    if (isKeyTaken(error)) return false;
    throw error;
  }
}

export async function readIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined> {
  return claims().get(key);
}

/** Replaces an abandoned pending claim with ours; false if it changed meanwhile. */
export async function takeOverIdempotencyKey(key: string, abandoned: IdempotencyRecord, next: IdempotencyRecord): Promise<boolean> {
  const transaction = kvs
    .transact()
    .set(key, next, { entityName: ENTITY.pollIdempotency, conditions: claimIs(abandoned) }, { ttl: IDEMPOTENCY_TTL });
  return executeConditionally(transaction);
}

/** Gives up our pending claim after a failed create, so a retry can proceed at once. */
export async function releaseIdempotencyKey(key: string, claim: IdempotencyRecord): Promise<void> {
  await executeConditionally(kvs.transact().delete(key, { entityName: ENTITY.pollIdempotency, conditions: claimIs(claim) }));
}

type Transaction = ReturnType<typeof kvs.transact>;

function withAlongside(transaction: Transaction, alongside: TransactionSet[] = []): Transaction {
  let result = transaction;
  for (const row of alongside) {
    const entity = row.entityName === undefined ? undefined : { entityName: row.entityName };
    const options = row.ttlDays === undefined ? undefined : { ttl: { value: row.ttlDays, unit: 'DAYS' as const } };
    result = result.set(row.key, row.value, entity, options);
  }
  return result;
}

type Condition<T> = ReturnType<Filter<T>['and']>;

function pollAbsent(): Condition<PollRecord> {
  return new Filter<PollRecord>().and('id', FilterConditions.notExists());
}

function versionIs(version: number): Condition<PollRecord> {
  return new Filter<PollRecord>().and('version', FilterConditions.equalTo(version));
}

/** Still the claim we read: same claimant (its poll id) and still pending. */
function claimIs(claim: IdempotencyRecord): Condition<IdempotencyRecord> {
  return new Filter<IdempotencyRecord>()
    .and('pollId', FilterConditions.equalTo(claim.pollId))
    .and('state', FilterConditions.equalTo('pending'));
}
