import { Filter, FilterConditions, kvs, MetadataField, Sort, WhereConditions } from '@forge/kvs';
import type { PollCreator, PollLocation, PollOption, PollSettings, PollStatus } from '../shared/polls';
import { entityText, requiredText, textOf, type EntityText } from './entity-text';
import { pageOf, writeConditionally } from './kvs-errors';
import { ENTITY, INDEX, KEY } from './storage-names';
import { withRows, type TransactionCheck, type TransactionRow } from './transaction-rows';

/** A poll as stored, keyed by its id. */
export type PollRecord = PollLocation & {
  id: string;
  title: string;
  description: string;
  options: PollOption[];
  settings: PollSettings;
  /** The partition of `by-location`: one indexed query lists one issue's or macro's polls. */
  locationKey: string;
  /**
   * The or page's id, which a move to another project does not change (its key does).
   * Absent only on polls stored before polls were tied to it: those are not in the poll UI.
   */
  contentId?: string;
  /** The partition of `by-place`: the poll UI's listing of one issue, or of one macro on one page. */
  placeKey?: string;
  /** The partition of `by-content`: every poll of one issue or page, for moves and deletions. */
  contentRef?: string;
  status: PollStatus;
  /** 1 on create, +1 on every change; every update is conditional on it, so none is lost. */
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: PollCreator;
};

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
  | 'id'
  | 'title'
  | 'description'
  | 'workspace'
  | 'content'
  | 'container'
  | 'locationKey'
  | 'contentId'
  | 'placeKey'
  | 'contentRef'
  | 'closesAt'
  | 'createdAt'
  | 'updatedAt'
> & {
  id: EntityText;
  title: EntityText;
  description?: EntityText;
  workspace: EntityText;
  content: EntityText;
  container?: EntityText;
  locationKey: EntityText;
  contentId?: EntityText;
  placeKey?: EntityText;
  contentRef?: EntityText;
  /** When an open poll set to close on its end date closes, in UTC: the range of `by-closing`. */
  closesAt?: EntityText;
  createdAt: EntityText;
  updatedAt: EntityText;
};

function toStored(record: PollRecord): StoredPoll {
  const { description, container, contentId, placeKey, contentRef, ...rest } = record;
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
  if (contentId !== undefined) {
    stored.contentId = requiredText(contentId, 'contentId');
    stored.placeKey = requiredText(placeKey ?? placeKeyOf(record.product, contentId, record.container), 'placeKey');
    stored.contentRef = requiredText(contentRef ?? contentRefOf(record.product, contentId), 'contentRef');
  }
  // Only an open poll that closes by itself is in `by-closing`.
  const closesAt = record.status === 'open' ? closingTimeOf(record.settings) : undefined;
  if (closesAt === undefined) delete stored.closesAt;
  else stored.closesAt = requiredText(closesAt, 'closesAt');
  return stored;
}

/** When a poll set to close on its end date closes, as a UTC time that sorts as it compares. */
export function closingTimeOf(settings: PollSettings): string | undefined {
  if (!settings.closePollOnEndDate || settings.endDate === '') return undefined;
  return new Date(Date.parse(settings.endDate)).toISOString();
}

/** Also reads records written before blank text was left out, which hold ''. */
export function pollFromStored(stored: StoredPoll): PollRecord {
  // Written from a validated PollRecord, so product and container still agree.
  return { ...stored, description: textOf(stored.description), container: textOf(stored.container) } as PollRecord;
}

const polls = (): ReturnType<typeof kvs.entity<StoredPoll>> => kvs.entity<StoredPoll>(ENTITY.poll);
const claims = (): ReturnType<typeof kvs.entity<IdempotencyRecord>> => kvs.entity<IdempotencyRecord>(ENTITY.pollIdempotency);

/** JSON keeps the four parts apart whatever characters a macro id holds. */
export function locationKeyOf(location: PollLocation): string {
  return JSON.stringify([location.product, location.workspace, location.content, location.container]);
}

/** One issue (container ''), or one macro on one page. */
export function placeKeyOf(product: PollLocation['product'], contentId: string, container: string): string {
  return JSON.stringify([product, contentId, container]);
}

export function contentRefOf(product: PollLocation['product'], contentId: string): string {
  return JSON.stringify([product, contentId]);
}

export async function getPollRecord(id: string): Promise<PollRecord | undefined> {
  const stored = await polls().get(id);
  return stored && pollFromStored(stored);
}

export type PollRecordPage = { records: PollRecord[]; nextCursor: string | null };

/** One page of the polls at one location (project and issue key, …), oldest first: one indexed query. */
export function queryPollsAt(locationKey: string, page: { limit: number; cursor?: string }): Promise<PollRecordPage> {
  return queryPolls(INDEX.pollByLocation, locationKey, page);
}

/** One page of the polls of one issue, or of one macro on a page, by their ids: one indexed query. */
export function queryPollsAtPlace(placeKey: string, page: { limit: number; cursor?: string }): Promise<PollRecordPage> {
  return queryPolls(INDEX.pollByPlace, placeKey, page);
}

/** One page of every poll of an issue or page (all its macros): one indexed query. */
export function queryPollsOfContent(contentRef: string, page: { limit: number; cursor?: string }): Promise<PollRecordPage> {
  return queryPolls(INDEX.pollByContent, contentRef, page);
}

/** Open polls whose end date closes them by `now`, soonest first. */
export async function queryPollsClosingBy(now: Date, limit: number): Promise<PollRecord[]> {
  const result = await polls()
    .query()
    .index(INDEX.pollByClosing, { partition: ['open'] })
    .where(WhereConditions.lessThanEqualTo(now.toISOString()))
    .sort(Sort.ASC)
    .limit(limit)
    .getMany();
  return result.results.map((r) => pollFromStored(r.value));
}

async function queryPolls(index: string, partition: string, page: { limit: number; cursor?: string }): Promise<PollRecordPage> {
  const query = polls()
    .query()
    .index(index, { partition: [partition] })
    .sort(Sort.ASC)
    .limit(page.limit);
  const result = await pageOf(query, page.cursor);
  return { records: result.results.map((r) => pollFromStored(r.value)), nextCursor: result.nextCursor ?? null };
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

/**
 * What else a poll write depends on or removes: records that must be unchanged (`checks`, with
 * `stillHolds` to tell after a refusal whether they are), and records deleted with it.
 */
export type PollWriteExtras = {
  alongside?: TransactionRow[];
  checks?: TransactionCheck[];
  stillHolds?: () => Promise<boolean>;
  /** Deleted with the poll, each only while it meets its conditions. */
  alsoDelete?: TransactionCheck[];
};

/** Writes `next` if the stored poll is still at `expectedVersion`; false if it (or a checked record) changed. */
export async function updatePoll(next: PollRecord, expectedVersion: number, extras: PollWriteExtras = {}): Promise<boolean> {
  const transaction = kvs.transact().set(next.id, toStored(next), { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  return writeConditionally(
    () => withRows(transaction, extras.alongside, extras.checks).execute(),
    async () => (await pollIsAt(next.id, expectedVersion)) && (await (extras.stillHolds?.() ?? true)),
  );
}

/** Deletes the poll (and `alsoDelete`) if it is still at `expectedVersion`; false if it changed or vanished. */
export async function deletePollRecord(id: string, expectedVersion: number, extras: PollWriteExtras = {}): Promise<boolean> {
  let transaction = kvs.transact().delete(id, { entityName: ENTITY.poll, conditions: versionIs(expectedVersion) });
  for (const { key, entityName, conditions } of extras.alsoDelete ?? []) transaction = transaction.delete(key, { entityName, conditions });
  return writeConditionally(
    () => withRows(transaction, extras.alongside, extras.checks).execute(),
    async () => (await pollIsAt(id, expectedVersion)) && (await (extras.stillHolds?.() ?? true)),
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
