import { Filter, FilterConditions, ForgeKvsAPIError, kvs, MetadataField, Sort } from '@forge/kvs';
import { validationError } from '../shared/domain-errors';
import type { PollCreator, PollLocation, PollOption, PollSettings, PollStatus } from '../shared/polls';
import { entityText, requiredText, textOf, type EntityText } from './entity-text';
import { writeConditionally } from './kvs-errors';
import { ENTITY, INDEX, KEY } from './storage-names';
import { withRows, type TransactionRow } from './transaction-rows';

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

/** What an `Idempotency-Key` maps to: the poll its first request creates, and that request's hash. */
export type IdempotencyRecord = {
  pollId: string;
  requestHash: string;
  state: 'pending' | 'done';
  claimedAt: string;
};

const IDEMPOTENCY_TTL = { value: 24, unit: 'HOURS' } as const;

/**
 * A poll as the `poll` entity holds it: text attributes that may be empty (description,
 * container) are left out rather than stored blank, which Forge refuses.
 */
type StoredPoll = Omit<
  PollRecord,
  'id' | 'title' | 'description' | 'workspace' | 'content' | 'container' | 'locationKey' | 'createdAt' | 'updatedAt'
> & {
  id: EntityText;
  title: EntityText;
  description?: EntityText;
  workspace: EntityText;
  content: EntityText;
  container?: EntityText;
  locationKey: EntityText;
  createdAt: EntityText;
  updatedAt: EntityText;
};

function toStored(record: PollRecord): StoredPoll {
  const { description, container, ...rest } = record;
  const stored: StoredPoll = {
    ...rest,
    id: requiredText(record.id, 'id'),
    title: requiredText(record.title, 'title'),
    workspace: requiredText(record.workspace, 'workspace'),
    content: requiredText(record.content, 'content'),
    locationKey: requiredText(record.locationKey, 'locationKey'),
    createdAt: requiredText(record.createdAt, 'createdAt'),
    updatedAt: requiredText(record.updatedAt, 'updatedAt'),
  };
  const storedDescription = entityText(description);
  const storedContainer = entityText(container);
  if (storedDescription) stored.description = storedDescription;
  if (storedContainer) stored.container = storedContainer;
  return stored;
}

/** Also reads records written before blank text was left out, which hold ''. */
function fromStored(stored: StoredPoll): PollRecord {
  // Written from a validated PollRecord, so product and container still agree.
  return { ...stored, description: textOf(stored.description), container: textOf(stored.container) } as PollRecord;
}

const polls = (): ReturnType<typeof kvs.entity<StoredPoll>> => kvs.entity<StoredPoll>(ENTITY.poll);
const claims = (): ReturnType<typeof kvs.entity<IdempotencyRecord>> => kvs.entity<IdempotencyRecord>(ENTITY.pollIdempotency);

/** JSON keeps the four parts apart whatever characters a macro id holds. */
export function locationKeyOf(location: PollLocation): string {
  return JSON.stringify([location.product, location.workspace, location.content, location.container]);
}

export async function getPollRecord(id: string): Promise<PollRecord | undefined> {
  const stored = await polls().get(id);
  return stored && fromStored(stored);
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
    return { records: result.results.map((r) => fromStored(r.value)), nextCursor: result.nextCursor ?? null };
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
  options: { alongside?: TransactionRow[]; claim?: { key: string; record: IdempotencyRecord } } = {},
): Promise<boolean> {
  let transaction = kvs.transact().set(record.id, toStored(record), { entityName: ENTITY.poll, conditions: pollAbsent() });
  if (options.claim) {
    const { key, record: claim } = options.claim;
    transaction = transaction.set(
      key,
      { ...claim, state: 'done' },
      { entityName: ENTITY.pollIdempotency, conditions: claimIs(claim) },
      { ttl: IDEMPOTENCY_TTL },
    );
  }
  const claim = options.claim;
  return writeConditionally(
    () => withRows(transaction, options.alongside).execute(),
    async () => (await polls().get(record.id)) === undefined && (!claim || isSameClaim(await claims().get(claim.key), claim.record)),
  );
}

/** Writes `next` if the stored poll is still at `expectedVersion`; false if it changed or vanished. */
export async function updatePoll(next: PollRecord, expectedVersion: number, alongside?: TransactionRow[]): Promise<boolean> {
  const transaction = kvs.transact().set(next.id, toStored(next), { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  return writeConditionally(
    () => withRows(transaction, alongside).execute(),
    () => pollIsAt(next.id, expectedVersion),
  );
}

/** Deletes the poll if it is still at `expectedVersion`; false if it changed or vanished. */
export async function deletePollRecord(id: string, expectedVersion: number, alongside?: TransactionRow[]): Promise<boolean> {
  const transaction = kvs.transact().delete(id, { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  return writeConditionally(
    () => withRows(transaction, alongside).execute(),
    () => pollIsAt(id, expectedVersion),
  );
}

export function idempotencyKeyOf(tokenId: string, keyHash: string): string {
  return KEY.pollIdempotency(tokenId, keyHash);
}

/** Claims an idempotency key for one request; false if another request holds it. */
export async function claimIdempotencyKey(key: string, record: IdempotencyRecord): Promise<boolean> {
  return writeConditionally(
    () => claims().set(key, record, { keyPolicy: 'FAIL_IF_EXISTS', ttl: IDEMPOTENCY_TTL }),
    async () => (await claims().get(key)) === undefined,
  );
}

/**
 * The claim stored under `key`, and whether it is still live. Forge may go on answering a value
 * up to 48 hours after its TTL (storage-reference/kvs-api, "Expired data is not removed
 * immediately"), so its expiry time is asked for and checked here: an expired claim is free.
 */
export async function readIdempotencyKey(
  key: string,
  now: Date = new Date(),
): Promise<{ claim: IdempotencyRecord; live: boolean } | undefined> {
  const found = await claims().get(key, { metadataFields: [MetadataField.EXPIRE_TIME] });
  if (found === undefined) return undefined;
  const expiresAt = found.expireTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(found.expireTime);
  return { claim: found.value, live: expiresAt > now.getTime() };
}

/** Replaces an abandoned or expired claim with ours; false if it changed meanwhile. */
export async function takeOverIdempotencyKey(key: string, abandoned: IdempotencyRecord, next: IdempotencyRecord): Promise<boolean> {
  const transaction = kvs
    .transact()
    .set(key, next, { entityName: ENTITY.pollIdempotency, conditions: claimIs(abandoned) }, { ttl: IDEMPOTENCY_TTL });
  return writeConditionally(
    () => transaction.execute(),
    async () => isSameClaim(await claims().get(key), abandoned),
  );
}

/** Gives up our pending claim after a failed create, so a retry can proceed at once. */
export async function releaseIdempotencyKey(key: string, claim: IdempotencyRecord): Promise<void> {
  await writeConditionally(
    () =>
      kvs
        .transact()
        .delete(key, { entityName: ENTITY.pollIdempotency, conditions: claimIs(claim) })
        .execute(),
    async () => isSameClaim(await claims().get(key), claim),
  );
}

type Condition<T> = ReturnType<Filter<T>['and']>;

function pollAbsent(): Condition<StoredPoll> {
  return new Filter<StoredPoll>().and('id', FilterConditions.notExists());
}

function versionIs(version: number): Condition<StoredPoll> {
  return new Filter<StoredPoll>().and('version', FilterConditions.equalTo(version));
}

async function pollIsAt(id: string, version: number): Promise<boolean> {
  return (await polls().get(id))?.version === version;
}

function isSameClaim(current: IdempotencyRecord | undefined, claim: IdempotencyRecord): boolean {
  return current !== undefined && current.pollId === claim.pollId && current.state === claim.state;
}

/** Still the claim we read: same claimant (its poll id), same state. */
function claimIs(claim: IdempotencyRecord): Condition<IdempotencyRecord> {
  return new Filter<IdempotencyRecord>()
    .and('pollId', FilterConditions.equalTo(claim.pollId))
    .and('state', FilterConditions.equalTo(claim.state));
}
