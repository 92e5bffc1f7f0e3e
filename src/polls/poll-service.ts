import { randomUUID } from 'node:crypto';
import {
  deletePollRecord,
  getPollRecord,
  insertPoll,
  locationKeyOf,
  queryPollsAt,
  updatePoll,
  type PollRecord,
} from '../platform/poll-store';
import type { TransactionRow } from '../platform/transaction-rows';
import { contentBelongsToWorkspace } from '../platform/product-content';
import { conflict, notFound, preconditionFailed } from '../shared/domain-errors';
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
} from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import { invalid, parseInto } from '../shared/field-errors';
import { canonicalJson, checkIdempotencyKey, insertOnce, sha256 } from './idempotency';
import { mergePollPatch } from './merge-patch';
import { toPoll } from './poll-view';

export { pollResults } from './poll-view';

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
};

export type CreatePollOptions = { idempotencyKey?: string; alongside?: Alongside };

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

  if (!(await contentBelongsToWorkspace(where))) throw notFound(contentMissing(where));

  const now = creationTime();
  const record: PollRecord = {
    id: randomUUID(),
    ...parsed,
    ...where,
    locationKey: locationKeyOf(where),
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

/** Replaces title, description, options and settings (PUT). 2 storage requests. */
export async function replacePoll(id: string, body: unknown, options: PollWriteOptions = {}): Promise<Poll> {
  const problems: FieldError[] = [];
  const parsed = parseInto(PollReplaceBodySchema, body, problems);
  if (!parsed) throw invalid(problems);
  const { id: namedId, ...replacement } = parsed;
  if (namedId !== undefined && namedId !== id) throw invalid([{ field: 'id', message: 'must be the id of the poll being replaced' }]);
  const current = await loadForWrite(id, options);
  return write(current, replacement, options.alongside);
}

/** Applies a JSON merge patch (PATCH); the merged poll must be valid as a whole. 2 storage requests. */
export async function patchPoll(id: string, patch: unknown, options: PollWriteOptions = {}): Promise<Poll> {
  const problems: FieldError[] = [];
  const parsedPatch = parseInto(PollPatchSchema, patch, problems);
  if (!parsedPatch) throw invalid(problems);
  const current = await loadForWrite(id, options);
  const merged = parseInto(PollBodySchema, mergePollPatch(current, parsedPatch), problems);
  if (!merged) throw invalid(problems);
  return write(current, merged, options.alongside);
}

/** Deletes the poll and answers it as it was. 2 storage requests. */
export async function deletePoll(id: string, options: PollWriteOptions = {}): Promise<Poll> {
  const current = await loadForWrite(id, options);
  if (!(await deletePollRecord(id, current.version, options.alongside?.(toPoll(current)) ?? []))) throw changedMeanwhile();
  return toPoll(current);
}

async function loadForWrite(id: string, options: PollWriteOptions): Promise<PollRecord> {
  const record = POLL_ID.test(id) ? await getPollRecord(id) : undefined;
  if (!record || (options.inScope && !options.inScope(toPoll(record)))) {
    if (options.ifMatch !== undefined) throw preconditionFailed('There is no poll with this id, so no version can match.');
    throw notFound('There is no poll with this id.');
  }
  if (Array.isArray(options.ifMatch) && !options.ifMatch.includes(record.version)) {
    throw preconditionFailed(`The poll is at version ${record.version}; read it again and retry.`);
  }
  return record;
}

async function write(
  current: PollRecord,
  change: Pick<PollRecord, 'title' | 'description' | 'options' | 'settings'>,
  alongside?: Alongside,
): Promise<Poll> {
  const next: PollRecord = {
    ...current,
    title: change.title,
    description: change.description,
    options: change.options,
    settings: change.settings,
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
  };
  if (!(await updatePoll(next, current.version, alongside?.(toPoll(next)) ?? []))) throw changedMeanwhile();
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
