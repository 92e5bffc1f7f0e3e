import { randomUUID } from 'node:crypto';
import {
  deletePollRecord,
  getPollRecord,
  insertPoll,
  locationKeyOf,
  queryPollsAt,
  updatePoll,
  type PollRecord,
  type PollWriteExtras,
} from '../platform/poll-store';
import type { TransactionRow } from '../platform/transaction-rows';
import { contentIdIn } from '../platform/product-content';
import { deleteVotesOf, pollDeletionExtras, readBallot, readShards, readTallies, tallyOf, unchangedShards } from '../platform/vote-store';
import { conflict, notFound, preconditionFailed, validationError } from '../shared/domain-errors';
import {
  PollBodySchema,
  PollCreatorSchema,
  PollLocationSchema,
  PollPageRequestSchema,
  PollPatchSchema,
  PollReplaceBodySchema,
  type Poll,
  type PollCreator,
  type PollLocation,
  type PollPage,
  type PollPageRequest,
  type PollResults,
  type PollStatus,
} from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import { invalid, parseInto } from '../shared/field-errors';
import { canonicalJson, checkIdempotencyKey, insertOnce, sha256 } from './idempotency';
import { mergePollPatch } from './merge-patch';
import { resultsOf } from './results';
import { toPoll, statusOf } from './poll-view';
import { frozenSettingChanges } from './vote-rules';
import { isRecord } from '../shared/schemas';

/** Rows to write in the poll's own transaction (its audit event, say), made from the poll written. */
export type Alongside = (poll: Poll) => TransactionRow[];

/**
 * Options of every write. `alongside` rows are written in the poll's own transaction (all or
 * nothing); they are not written when the call fails, nor for a replayed create. `inScope`
 * lets the caller refuse a poll it may not see, as if it did not exist, without a second read.
 */
export type PollWriteOptions = {
  /**
   * What the caller requires of the poll's current version (HTTP If-Match): one of these
   * versions, or `'any'` — just that the poll exists. Failing, the answer is precondition_failed,
   * also for a poll that does not exist (RFC 9110, 13.1.1).
   */
  ifMatch?: number[] | 'any';
  alongside?: Alongside;
  inScope?: (poll: Poll) => boolean;
  /** The poll UI's place (poll-store `placeKeyOf`): a poll elsewhere is not found. */
  placeKey?: string;
};

export type CreatePollOptions = {
  idempotencyKey?: string;
  alongside?: Alongside;
  /** The or page's id, when the caller has found it already (the poll UI does). */
  contentId?: string;
};

const POLL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Creates a poll on an issue or page that exists in the location's project or space (asked of
 * the product as the app). With an idempotency key, repeating the request answers the poll the
 * first one created (`replayed: true`) instead of creating another.
 * Storage requests: 1 (a transaction); with a key 2, a replay 3 (+1 per wait round).
 */
export async function createPoll(
  location: PollLocation,
  body: unknown,
  createdBy: PollCreator,
  options: CreatePollOptions = {},
): Promise<{ poll: Poll; replayed: boolean }> {
  const problems: FieldError[] = [];
  const where = parseInto(PollLocationSchema, location, problems);
  const parsed = parseInto(PollBodySchema, body, problems);
  const creator = parseInto(PollCreatorSchema, createdBy, problems, ['createdBy']);
  if (!where || !parsed || !creator || problems.length > 0) throw invalid(problems);
  if (options.idempotencyKey !== undefined) checkIdempotencyKey(options.idempotencyKey);

  const contentId = options.contentId ?? (await contentIdIn(where));
  if (contentId === undefined) throw notFound(contentMissing(where));

  const now = creationTime();
  const record: PollRecord = {
    id: randomUUID(),
    ...parsed,
    ...where,
    locationKey: locationKeyOf(where),
    contentId,
    status: 'open',
    version: 1,
    createdAt: now,
    updatedAt: now,
    createdBy: creator,
  };
  if (options.idempotencyKey === undefined) {
    // The condition only fails for a repeated random UUID, which does not happen.
    if (!(await insertPoll(record, { alongside: options.alongside?.(toPoll(record)) ?? [] }))) {
      throw conflict('A poll with this id already exists.');
    }
    return { poll: toPoll(record), replayed: false };
  }
  const { record: created, replayed } = await insertOnce({
    tokenId: creator.id,
    idempotencyKey: options.idempotencyKey,
    requestHash: sha256(canonicalJson({ location: where, poll: parsed })),
    record,
    alongside: options.alongside?.(toPoll(record)) ?? [],
  });
  return { poll: toPoll(created), replayed };
}

/** The poll, wherever it is: it carries its location, for the caller to check. 1 storage request (0 for a malformed id). */
export async function getPoll(id: string): Promise<Poll | undefined> {
  if (!POLL_ID.test(id)) return undefined;
  const record = await getPollRecord(id);
  return record && toPoll(record);
}

/** One page of the polls on one issue or macro, oldest first. 1 storage request (an indexed query). */
export async function listPolls(location: PollLocation, page: PollPageRequest = {}): Promise<PollPage> {
  const problems: FieldError[] = [];
  const where = parseInto(PollLocationSchema, location, problems);
  const paging = parseInto(PollPageRequestSchema, page, problems);
  if (!where || !paging || problems.length > 0) throw invalid(problems);
  const { records, nextCursor } = await queryPollsAt(locationKeyOf(where), paging);
  return { polls: records.map(toPoll), nextCursor };
}

/**
 * Replaces title, description, options and settings (PUT). 2 storage requests (+1 when options
 * are dropped or a frozen setting changes: the votes are read, see `write`).
 */
export async function replacePoll(id: string, body: unknown, options: PollWriteOptions = {}): Promise<Poll> {
  const current = await loadForWrite(id, options);
  const problems: FieldError[] = [];
  const parsed = parseInto(PollReplaceBodySchema, withKnownOptionIds(body, current), problems);
  if (!parsed) throw invalid(problems);
  const { id: namedId, ...replacement } = parsed;
  if (namedId !== undefined && namedId !== id) throw invalid([{ field: 'id', message: 'must be the id of the poll being replaced' }]);
  return write(current, replacement, options.alongside);
}

/** Applies a JSON merge patch (PATCH); the merged poll must be valid as a whole. 2 storage requests (+1, as PUT). */
export async function patchPoll(id: string, patch: unknown, options: PollWriteOptions = {}): Promise<Poll> {
  const current = await loadForWrite(id, options);
  const problems: FieldError[] = [];
  const parsedPatch = parseInto(PollPatchSchema, withKnownOptionIds(patch, current), problems);
  if (!parsedPatch) throw invalid(problems);
  const merged = parseInto(PollBodySchema, mergePollPatch(current, parsedPatch), problems);
  if (!merged) throw invalid(problems);
  return write(current, merged, options.alongside);
}

/**
 * Deletes the poll and its vote counts in one transaction, then its votes, 25 per round for up
 * to `VOTE_CLEANUP_ROUNDS` rounds; a poll with more votes leaves a cleanup marker, written in the
 * same transaction, for the maintenance job to finish. Answers the poll as it was.
 * 2 storage requests without votes; with votes, 2 more per 25 votes and 2 to finish.
 */
export async function deletePoll(id: string, options: PollWriteOptions = {}): Promise<Poll> {
  // The poll and its counts in one read: the deletion takes the counts with it.
  const ballot = POLL_ID.test(id) ? await readBallot(id) : undefined;
  const current = writable(ballot?.poll, options);
  const shards = ballot?.shards ?? [];
  const { alsoDelete, rows, hasVotes } = pollDeletionExtras(id, shards, new Date().toISOString());
  const alongside = [...(options.alongside?.(toPoll(current)) ?? []), ...rows];
  const { stillHold } = unchangedShards(id, shards);
  if (!(await deletePollRecord(id, current.version, { alongside, alsoDelete, stillHolds: stillHold }))) throw changedMeanwhile();
  if (hasVotes) await deleteVotesOf(id, VOTE_CLEANUP_ROUNDS);
  return toPoll(current);
}

const VOTE_CLEANUP_ROUNDS = 8;

/**
 * Closes or reopens a poll by hand (managers). A poll past its end date that closes on it cannot
 * be reopened without a later end date. 2 storage requests.
 */
export async function setPollStatus(id: string, status: PollStatus, options: PollWriteOptions = {}): Promise<Poll> {
  const current = await loadForWrite(id, options);
  if (status === 'open' && statusOf({ ...current, status: 'open' }) === 'closed') {
    throw validationError(
      [{ field: 'settings.endDate', message: 'has passed, and the poll closes on it: set a later end date to reopen it' }],
      'This poll closed on its end date.',
    );
  }
  if (current.status === status) return toPoll(current);
  const next: PollRecord = { ...current, status, version: current.version + 1, updatedAt: new Date().toISOString() };
  if (!(await updatePoll(next, current.version, { alongside: options.alongside?.(toPoll(next)) ?? [] }))) throw changedMeanwhile();
  return toPoll(next);
}

/**
 * The results of each poll, from its vote counts: `ceil(8 × polls / 25)` storage requests.
 * The numbers as they are; who may see them is the caller's to decide.
 */
export async function pollResults(polls: readonly Poll[]): Promise<Map<string, PollResults>> {
  const tallies = await readTallies(polls.map((poll) => poll.id));
  return new Map(
    polls.map((poll) => [
      poll.id,
      resultsOf(poll.options, tallies.get(poll.id) ?? tallyOf([]), !poll.settings.allowSelectionOfMultipleOptions),
    ]),
  );
}

/** The polls with their results attached. */
export async function withResults(polls: readonly Poll[]): Promise<Poll[]> {
  const results = await pollResults(polls);
  return polls.map((poll) => {
    const found = results.get(poll.id);
    return found ? { ...poll, results: found } : poll;
  });
}

/**
 * Options given without an id keep the id of an existing option with the same title, so a body
 * that leaves out ids (as Team Voice's may) renames nothing and moves no votes; other id-less
 * options get new ids.
 */
function withKnownOptionIds(body: unknown, current: PollRecord): unknown {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { options?: unknown }).options)) return body;
  const options = (body as { options: unknown[] }).options;
  const named = new Set(options.flatMap((o) => (isRecord(o) && typeof o['id'] === 'string' ? [o['id']] : [])));
  const byTitle = new Map(current.options.filter((o) => !named.has(o.id)).map((o) => [o.title, o.id]));
  return {
    ...body,
    options: options.map((option) => {
      if (!isRecord(option) || 'id' in option || typeof option['title'] !== 'string') return option;
      const id = byTitle.get(option['title']);
      if (id === undefined) return option;
      byTitle.delete(option['title']);
      return { ...option, id };
    }),
  };
}

async function loadForWrite(id: string, options: PollWriteOptions): Promise<PollRecord> {
  return writable(POLL_ID.test(id) ? await getPollRecord(id) : undefined, options);
}

/** The poll a write may change, or the refusal: not found (here, in scope) or a version that does not match. */
function writable(record: PollRecord | undefined, options: PollWriteOptions): PollRecord {
  const elsewhere = record !== undefined && options.placeKey !== undefined && record.placeKey !== options.placeKey;
  if (!record || elsewhere || (options.inScope && !options.inScope(toPoll(record)))) {
    if (options.ifMatch !== undefined) throw preconditionFailed('There is no poll with this id, so no version can match.');
    throw notFound('There is no poll with this id.');
  }
  if (Array.isArray(options.ifMatch) && !options.ifMatch.includes(record.version)) {
    throw preconditionFailed(`The poll is at version ${record.version}; read it again and retry.`);
  }
  return record;
}

/**
 * Writes a changed poll. Votes must keep meaning what they meant: an option that has votes cannot
 * be dropped (its votes would silently count for nothing), and whether a poll is anonymous or
 * allows several choices cannot change once anyone voted. Only then are the counts read, and the
 * write is conditional on them, so a vote arriving meanwhile is never lost to it.
 */
async function write(
  current: PollRecord,
  change: Pick<PollRecord, 'title' | 'description' | 'options' | 'settings'>,
  alongside?: Alongside,
): Promise<Poll> {
  const extras: PollWriteExtras = {};
  const dropped = current.options.filter((option) => !change.options.some((kept) => kept.id === option.id));
  const frozen = frozenSettingChanges(current.settings, change.settings);
  if (dropped.length > 0 || frozen.length > 0) {
    const shards = await readShards(current.id);
    const tally = tallyOf(shards);
    const problems: FieldError[] = dropped.flatMap((option) => {
      const votes = tally.votes[option.id] ?? 0;
      return votes > 0
        ? [
            {
              field: 'options',
              message: `must keep option "${option.title}" (id ${option.id}): it has ${votes} vote${votes === 1 ? '' : 's'}; rename it instead`,
            },
          ]
        : [];
    });
    if (tally.participants > 0) problems.push(...frozen);
    if (problems.length > 0) throw validationError(problems, 'This change would alter votes already cast; see errors.');
    const { checks, stillHold } = unchangedShards(current.id, shards);
    extras.checks = checks;
    extras.stillHolds = stillHold;
  }
  const next: PollRecord = {
    ...current,
    title: change.title,
    description: change.description,
    options: change.options,
    settings: change.settings,
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
  };
  extras.alongside = alongside?.(toPoll(next)) ?? [];
  if (!(await updatePoll(next, current.version, extras))) throw changedMeanwhile();
  return toPoll(next);
}

let lastCreation = 0;

/**
 * Creation times never repeat within an instance: polls list by creation time, and two created
 * in the same millisecond would otherwise list in either order.
 */
function creationTime(): string {
  lastCreation = Math.max(Date.now(), lastCreation + 1);
  return new Date(lastCreation).toISOString();
}

function changedMeanwhile(): Error {
  return conflict('The poll was changed by another request at the same time; read it again and retry.');
}

function contentMissing(location: PollLocation): string {
  return location.product === 'jira'
    ? `There is no issue ${location.content} in project ${location.workspace}.`
    : `There is no page ${location.content} in space ${location.workspace}.`;
}
