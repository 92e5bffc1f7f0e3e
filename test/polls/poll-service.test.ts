import { kvs } from '@forge/kvs';
import { LocalRuntime } from '../../local/runtime';
import { idempotencyKeyOf, type IdempotencyRecord } from '../../src/platform/poll-store';
import { ENTITY, KEY } from '../../src/platform/storage-names';
import { sha256 } from '../../src/polls/idempotency';
import { createPoll, deletePoll, getPoll, listPolls, patchPoll, pollResults, replacePoll } from '../../src/polls/poll-service';
import type { TransactionRow } from '../../src/platform/transaction-rows';
import { DomainError } from '../../src/shared/domain-errors';
import { DEFAULT_POLL_SETTINGS, type Poll, type PollLocation } from '../../src/shared/polls';
import { fakeClock } from '../support/clock';
import { quorumRuntime } from '../support/quorum';
import { STAR_POLL } from '../support/team-voice';

const PLAT_7: PollLocation = { product: 'jira', workspace: 'PLAT', content: 'PLAT-7', container: '' };
const PLAT_8: PollLocation = { product: 'jira', workspace: 'PLAT', content: 'PLAT-8', container: '' };
const PAGE_2001: PollLocation = { product: 'confluence', workspace: '1001', content: '2001', container: 'macro-a' };
const TOKEN = { type: 'token', id: '0b8f3c2e-6a1d-4f5e-9c7b-2d4e6f8a0b1c' } as const;
const OTHER_TOKEN = { type: 'token', id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' } as const;

const STARS = { ...STAR_POLL, settings: { ...DEFAULT_POLL_SETTINGS } };
const LUNCH = { title: 'Lunch?', options: [{ title: 'Pizza' }, { title: 'Sushi' }] };

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

/** Runs service code inside an invocation, as the web trigger does. */
const run = <T>(fn: () => Promise<T>): Promise<T> => runtime.run(fn);
const create = (location: PollLocation = PLAT_7, body: unknown = STARS): Promise<Poll> =>
  run(async () => (await createPoll(location, body, TOKEN)).poll);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

/** Storage requests made by `fn`, by KVS API path. */
async function storageRequestsOf<T>(fn: () => Promise<T>): Promise<Record<string, number>> {
  runtime.resetStorageRequests();
  await run(fn);
  return runtime.storageRequests().byPath;
}

describe('creating and reading polls', () => {
  it('lists polls in the order they were created, even within one millisecond', async () => {
    fakeClock(); // the clock stands still: every poll is created "at the same time"
    const created = [];
    for (let i = 0; i < 6; i++) created.push(await create(PLAT_8, { ...LUNCH, title: `Poll ${i}` }));
    const { polls } = await run(() => listPolls(PLAT_8));
    expect(polls.map((p) => p.title)).toEqual(created.map((p) => p.title));
    expect(new Set(polls.map((p) => p.createdAt)).size).toBe(6);
  });

  it('creates a Team Voice poll on a Jira issue and reads it back as version 1', async () => {
    const poll = await create();
    expect(poll).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ...STARS,
      ...PLAT_7,
      status: 'open',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: poll.createdAt,
      createdBy: TOKEN,
    });
    await expect(run(() => getPoll(poll.id))).resolves.toEqual(poll);
  });

  it('creates a poll in a Confluence page’s macro', async () => {
    const poll = await create(PAGE_2001, LUNCH);
    expect(poll).toMatchObject({ product: 'confluence', workspace: '1001', content: '2001', container: 'macro-a' });
    expect(poll.options).toEqual([
      { id: '1', title: 'Pizza', order: 0 },
      { id: '2', title: 'Sushi', order: 1 },
    ]);
  });

  it('refuses content that does not exist or lies in another workspace, asking the product', async () => {
    const missingIssue = await failure(create({ ...PLAT_7, content: 'PLAT-51' }));
    expect(missingIssue.kind).toBe('not_found');
    const pageOfOtherSpace = await failure(create({ ...PAGE_2001, content: '3001' }));
    expect(pageOfOtherSpace.kind).toBe('not_found');
    const issueOfOtherProject = await failure(create({ ...PLAT_7, workspace: 'OPS' }));
    expect(issueOfOtherProject).toMatchObject({
      kind: 'validation',
      fields: [{ field: 'content', message: 'must be an issue of project OPS' }],
    });
  });

  it('names every bad field of the location and the body at once, without touching storage', async () => {
    runtime.resetStorageRequests();
    const jiraWithMacro = { ...PLAT_7, container: 'x' } as unknown as PollLocation;
    const error = await failure(create(jiraWithMacro, { title: '', options: [{ title: 'a' }], colour: 'red' }));
    expect(error.kind).toBe('validation');
    expect(error.fields.map((f) => f.field).sort()).toEqual(['colour', 'container', 'options', 'title']);
    expect(runtime.storageRequests().total).toBe(0);
  });

  it('writes a new poll in one storage request and reads one in one', async () => {
    expect(await storageRequestsOf(() => createPoll(PLAT_7, STARS, TOKEN))).toEqual({ '/api/v1/transaction': 1 });
    const poll = await create();
    expect(await storageRequestsOf(() => getPoll(poll.id))).toEqual({ '/api/v1/entity/get': 1 });
  });

  it('answers undefined for an unknown id, and for a malformed one without a storage request', async () => {
    await expect(run(() => getPoll('6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8'))).resolves.toBeUndefined();
    expect(await storageRequestsOf(() => getPoll('../etc/passwd'))).toEqual({});
  });

  it('reports zero votes per option for a new poll', async () => {
    const poll = await create();
    expect((await run(() => pollResults([poll]))).get(poll.id)).toEqual({
      totalVotes: 0,
      participants: 0,
      options: STARS.options.map((o) => ({ id: o.id, votes: 0, percent: 0 })),
    });
  });

  it('sums the vote counts over the tally shards, counting nothing for an option the poll no longer has', async () => {
    const poll = await create();
    await run(async () => {
      const shard = (i: number, counts: Record<string, number>, participants: number) =>
        kvs.entity(ENTITY.pollTally).set(KEY.pollTally(poll.id, i), { pollId: poll.id, counts, participants, version: 1 });
      await shard(0, { '1': 2, '5': 1 }, 3);
      // A vote moved from option 1 to 5 on another shard: negative there, right in the sum.
      await shard(3, { '1': -1, '5': 1, gone: 4 }, 0);
    });
    expect((await run(() => pollResults([poll]))).get(poll.id)).toEqual({
      totalVotes: 3,
      participants: 3,
      options: [
        { id: '1', votes: 1, percent: 33 },
        { id: '2', votes: 0, percent: 0 },
        { id: '3', votes: 0, percent: 0 },
        { id: '4', votes: 0, percent: 0 },
        { id: '5', votes: 2, percent: 67 },
      ],
    });
    expect(await storageRequestsOf(() => pollResults([poll]))).toEqual({ '/api/v1/batch/get': 1 });
  });

  it('answers a poll set to close on a past end date as closed', async () => {
    const poll = await create(PLAT_7, { ...LUNCH, settings: { closePollOnEndDate: true, endDate: '2020-01-01T00:00:00Z' } });
    expect(poll.status).toBe('closed');
    const later = await create(PLAT_7, { ...LUNCH, settings: { closePollOnEndDate: true, endDate: '2999-01-01T00:00:00Z' } });
    expect(later.status).toBe('open');
  });
});

describe('listing the polls of one issue or macro', () => {
  it('pages through 120 polls with no duplicates or gaps, only the location’s, one query per page', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 120; i++) created.add((await create(PLAT_7, { ...LUNCH, title: `Poll ${i}` })).id);
    await create(PLAT_8, LUNCH);
    await create(PAGE_2001, LUNCH);
    await create({ ...PAGE_2001, container: 'macro-b' }, LUNCH);

    const seen: Poll[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      runtime.resetStorageRequests();
      const page = await run(() => listPolls(PLAT_7, { limit: 50, ...(cursor ? { cursor } : {}) }));
      expect(runtime.storageRequests().byPath).toEqual({ '/api/v1/entity/query': 1 });
      seen.push(...page.polls);
      pageSizes.push(page.polls.length);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    expect(pageSizes.slice(0, 3)).toEqual([50, 50, 20]);
    const ids = seen.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(created);
    expect(seen.every((p) => p.content === 'PLAT-7')).toBe(true);
    const times = seen.map((p) => p.createdAt);
    expect([...times].sort()).toEqual(times);
  });

  it('keeps macros on the same page apart and defaults to 50 per page', async () => {
    await create(PAGE_2001, LUNCH);
    const other = await create({ ...PAGE_2001, container: 'macro-b' }, LUNCH);
    await expect(run(() => listPolls({ ...PAGE_2001, container: 'macro-b' }))).resolves.toEqual({ polls: [other], nextCursor: null });
  });

  it('refuses a limit outside 1–100 and a cursor from nowhere, naming them', async () => {
    expect((await failure(run(() => listPolls(PLAT_7, { limit: 0 })))).fields).toEqual([{ field: 'limit', message: 'must be 1–100' }]);
    expect((await failure(run(() => listPolls(PLAT_7, { limit: 101 })))).fields).toEqual([{ field: 'limit', message: 'must be 1–100' }]);
    const error = await failure(run(() => listPolls(PLAT_7, { cursor: 'bm90LWEtY3Vyc29y' })));
    expect(error).toMatchObject({ kind: 'validation', fields: [{ field: 'cursor' }] });
  });
});

describe('updating polls', () => {
  it('replaces the poll, increments the version and keeps where and by whom it was made', async () => {
    const poll = await create();
    const replaced = await run(() => replacePoll(poll.id, { ...LUNCH, id: poll.id }));
    expect(replaced).toMatchObject({
      id: poll.id,
      title: 'Lunch?',
      description: '',
      version: 2,
      ...PLAT_7,
      createdAt: poll.createdAt,
      createdBy: TOKEN,
    });
    expect(replaced.settings).toEqual(DEFAULT_POLL_SETTINGS);
    const again = await run(() => replacePoll(poll.id, STARS));
    expect(again.version).toBe(3);
    await expect(run(() => getPoll(poll.id))).resolves.toEqual(again);
  });

  it('refuses a replacement naming another poll id', async () => {
    const poll = await create();
    const error = await failure(run(() => replacePoll(poll.id, { ...STARS, id: 'another' })));
    expect(error).toMatchObject({ kind: 'validation', fields: [{ field: 'id' }] });
  });

  it('merge-patches: absent fields stay, null resets to defaults, options are replaced whole', async () => {
    const poll = await create(PLAT_7, { ...STARS, settings: { ...DEFAULT_POLL_SETTINGS, allowRevote: true, allowComment: true } });
    const titled = await run(() => patchPoll(poll.id, { title: 'Rate it', settings: { allowComment: null } }));
    expect(titled).toMatchObject({ title: 'Rate it', description: STARS.description, options: STARS.options, version: 2 });
    expect(titled.settings).toEqual({ ...DEFAULT_POLL_SETTINGS, allowRevote: true });
    const reset = await run(() => patchPoll(poll.id, { description: null, settings: null, options: [{ title: 'Yes' }, { title: 'No' }] }));
    expect(reset).toMatchObject({ title: 'Rate it', description: '', settings: DEFAULT_POLL_SETTINGS, version: 3 });
    expect(reset.options).toEqual([
      { id: '1', title: 'Yes', order: 0 },
      { id: '2', title: 'No', order: 1 },
    ]);
  });

  it('refuses a patch with unknown fields or that leaves an invalid poll, naming the fields', async () => {
    const poll = await create();
    expect((await failure(run(() => patchPoll(poll.id, { status: 'closed' })))).fields).toEqual([
      { field: 'status', message: 'is not a known field' },
    ]);
    expect((await failure(run(() => patchPoll(poll.id, { options: [{ title: 'Only' }] })))).fields.map((f) => f.field)).toEqual([
      'options',
    ]);
    await expect(run(() => getPoll(poll.id))).resolves.toMatchObject({ version: 1 });
  });

  it('writes an update in two storage requests — the read and one conditional transaction — and reads the vote counts only when options go', async () => {
    const poll = await create();
    expect(await storageRequestsOf(() => patchPoll(poll.id, { title: 'x' }))).toEqual({
      '/api/v1/entity/get': 1,
      '/api/v1/transaction': 1,
    });
    // LUNCH has other options: dropping an option is allowed only if it has no votes.
    expect(await storageRequestsOf(() => replacePoll(poll.id, LUNCH))).toEqual({
      '/api/v1/entity/get': 1,
      '/api/v1/batch/get': 1,
      '/api/v1/transaction': 1,
    });
    // A deletion reads the poll and its counts together: it takes the counts with it.
    expect(await storageRequestsOf(() => deletePoll(poll.id))).toEqual({
      '/api/v1/batch/get': 1,
      '/api/v1/transaction': 1,
    });
  });

  it('fails with precondition_failed when no expected version is the current one, and writes nothing', async () => {
    const poll = await create();
    await run(() => patchPoll(poll.id, { title: 'v2' }));
    for (const attempt of [
      () => replacePoll(poll.id, LUNCH, { ifMatch: [1] }),
      () => patchPoll(poll.id, { title: 'v3' }, { ifMatch: [1, 3] }),
      () => deletePoll(poll.id, { ifMatch: [] }),
    ]) {
      expect((await failure(run(attempt))).kind).toBe('precondition_failed');
    }
    await expect(run(() => getPoll(poll.id))).resolves.toMatchObject({ title: 'v2', version: 2 });
    await expect(run(() => patchPoll(poll.id, { title: 'v3' }, { ifMatch: [1, 2] }))).resolves.toMatchObject({ version: 3 });
    await expect(run(() => patchPoll(poll.id, { title: 'v4' }, { ifMatch: 'any' }))).resolves.toMatchObject({ version: 4 });
  });

  it('fails with precondition_failed, not not_found, for a missing poll when a version is required (RFC 9110)', async () => {
    const missing = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
    expect((await failure(run(() => patchPoll(missing, { title: 'x' }, { ifMatch: 'any' })))).kind).toBe('precondition_failed');
    expect((await failure(run(() => patchPoll(missing, { title: 'x' })))).kind).toBe('not_found');
  });

  it('lets one of two concurrent replaces of the same version win and answers the other a conflict', async () => {
    const poll = await create();
    const outcomes = await Promise.allSettled([
      run(() => replacePoll(poll.id, { ...LUNCH, title: 'A' }, { alongside: () => [{ key: 'audit:A', value: 'A' }] })),
      run(() => replacePoll(poll.id, { ...LUNCH, title: 'B' }, { alongside: () => [{ key: 'audit:B', value: 'B' }] })),
    ]);
    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as DomainError] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.kind)).toEqual(['conflict']);
    const winner = won[0]!.title;
    await expect(run(() => getPoll(poll.id))).resolves.toMatchObject({ title: winner, version: 2 });
    const loser = winner === 'A' ? 'B' : 'A';
    await expect(run(() => kvs.get(`audit:${winner}`))).resolves.toBe(winner);
    await expect(run(() => kvs.get(`audit:${loser}`))).resolves.toBeUndefined();
  });

  it('answers not_found for a poll the caller may not see, as if it did not exist', async () => {
    const poll = await create();
    const outsideScope = { inScope: (p: Poll) => p.workspace === 'OPS' };
    expect((await failure(run(() => replacePoll(poll.id, LUNCH, outsideScope)))).kind).toBe('not_found');
    expect((await failure(run(() => deletePoll(poll.id, outsideScope)))).kind).toBe('not_found');
    await expect(run(() => getPoll(poll.id))).resolves.toMatchObject({ version: 1 });
  });
});

describe('deleting polls', () => {
  it('deletes a poll, answers it as it was, and then answers not_found', async () => {
    const poll = await create();
    await expect(run(() => deletePoll(poll.id))).resolves.toEqual(poll);
    await expect(run(() => getPoll(poll.id))).resolves.toBeUndefined();
    expect((await failure(run(() => deletePoll(poll.id)))).kind).toBe('not_found');
    await expect(run(() => listPolls(PLAT_7))).resolves.toEqual({ polls: [], nextCursor: null });
  });
});

describe('idempotent creation', () => {
  it('creates exactly one poll for 10 parallel creates with the same key, and answers it to all', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => run(() => createPoll(PLAT_7, STARS, TOKEN, { idempotencyKey: 'rule-42-run-1' }))),
    );
    const ids = new Set(results.map((r) => r.poll.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const listed = await run(() => listPolls(PLAT_7));
    expect(listed.polls.map((p) => p.id)).toEqual([...ids]);
  });

  it('answers the first poll to a later repeat, even after the poll changed', async () => {
    const first = await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k1' }));
    await run(() => patchPoll(first.poll.id, { title: 'Changed' }));
    const repeat = await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k1' }));
    expect(repeat).toEqual({ poll: expect.objectContaining({ id: first.poll.id, title: 'Changed', version: 2 }), replayed: true });
  });

  it('answers a conflict for the same key with a different body or location', async () => {
    await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k2' }));
    expect((await failure(run(() => createPoll(PLAT_7, STARS, TOKEN, { idempotencyKey: 'k2' })))).kind).toBe('conflict');
    expect((await failure(run(() => createPoll(PLAT_8, LUNCH, TOKEN, { idempotencyKey: 'k2' })))).kind).toBe('conflict');
    await expect(run(() => listPolls(PLAT_8))).resolves.toEqual({ polls: [], nextCursor: null });
  });

  it('scopes keys per token: another token’s same key creates its own poll', async () => {
    const mine = await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'shared' }));
    const theirs = await run(() => createPoll(PLAT_7, LUNCH, OTHER_TOKEN, { idempotencyKey: 'shared' }));
    expect(theirs.replayed).toBe(false);
    expect(theirs.poll.id).not.toBe(mine.poll.id);
  });

  it('treats bodies that differ only in key order or spelled-out defaults as the same request', async () => {
    const first = await run(() =>
      createPoll(PLAT_7, { title: 'T', options: [{ title: 'a' }, { title: 'b' }] }, TOKEN, { idempotencyKey: 'k3' }),
    );
    const same = {
      options: [
        { order: 0, title: 'a', id: '1' },
        { title: 'b', id: '2' },
      ],
      settings: DEFAULT_POLL_SETTINGS,
      title: 'T',
    };
    await expect(run(() => createPoll(PLAT_7, same, TOKEN, { idempotencyKey: 'k3' }))).resolves.toMatchObject({
      poll: { id: first.poll.id },
      replayed: true,
    });
  });

  it('answers a conflict when the poll the key created has been deleted since', async () => {
    const first = await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k7' }));
    await run(() => deletePoll(first.poll.id));
    const error = await failure(run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k7' })));
    expect(error).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/deleted/) });
  });

  describe('when the first request is still running or has died', () => {
    const claimKey = idempotencyKeyOf(TOKEN.id, sha256('k8'));
    const claims = (): ReturnType<typeof kvs.entity<IdempotencyRecord>> => kvs.entity<IdempotencyRecord>(ENTITY.pollIdempotency);
    /** Turns the finished claim back into a pending one, as if its request were still running since `claimedAt`. */
    async function pendSince(claimedAt: Date): Promise<void> {
      await run(async () => {
        const claim = await claims().get(claimKey);
        await claims().set(claimKey, { ...claim!, state: 'pending', claimedAt: claimedAt.toISOString() });
      });
    }

    it('waits a bounded time for a running first request, then answers a conflict instead of a second poll', async () => {
      await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k8' }));
      await pendSince(new Date());
      runtime.resetStorageRequests();
      const error = await failure(run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k8' })));
      expect(error).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/in progress/) });
      // Bounded by rounds of reads with growing pauses, not by how long a busy machine takes.
      expect(runtime.storageRequests().byPath['/api/v1/entity/get']).toBeLessThanOrEqual(40);
      await expect(run(() => listPolls(PLAT_7))).resolves.toMatchObject({ polls: [expect.anything()] });
    });

    it('takes over a claim abandoned for over a minute and creates the poll', async () => {
      await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k8' }));
      await pendSince(new Date(Date.now() - 120_000));
      const retried = await run(() => createPoll(PLAT_7, STARS, TOKEN, { idempotencyKey: 'k8' }));
      expect(retried).toMatchObject({ replayed: false, poll: { title: STARS.title } });
      await expect(run(() => claims().get(claimKey))).resolves.toMatchObject({ pollId: retried.poll.id, state: 'done' });
    });
  });

  it('refuses an idempotency key that is empty, too long or not visible ASCII', async () => {
    for (const key of ['', 'k'.repeat(256), 'naïve', 'two words']) {
      const error = await failure(run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: key })));
      expect(error.fields).toEqual([{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }]);
    }
  });

  it('costs two storage requests for a first create with a key', async () => {
    expect(await storageRequestsOf(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k4' }))).toEqual({
      '/api/v1/entity/set': 1,
      '/api/v1/transaction': 1,
    });
  });
});

describe('rows written alongside a poll', () => {
  const auditRow = (id: string): TransactionRow => ({
    key: id,
    entityName: ENTITY.auditEvent,
    value: { id, at: new Date().toISOString(), outcome: 'ok', method: 'POST' },
    ttlDays: 90,
  });

  it('writes them in the same transaction as a create, update and delete, made from the poll written', async () => {
    const { poll } = await run(() =>
      createPoll(PLAT_7, LUNCH, TOKEN, { alongside: () => [auditRow('a1'), { key: 'plain:a1', value: { n: 1 } }] }),
    );
    const titles: string[] = [];
    await run(() => patchPoll(poll.id, { title: 'x' }, { alongside: (written) => (titles.push(written.title), [auditRow('a2')]) }));
    expect(titles).toEqual(['x']);
    await run(() => deletePoll(poll.id, { alongside: () => [auditRow('a3')] }));
    const stored = await run(() => Promise.all(['a1', 'a2', 'a3'].map((id) => kvs.entity(ENTITY.auditEvent).get(id))));
    expect(stored).toEqual(['a1', 'a2', 'a3'].map((id) => expect.objectContaining({ id, outcome: 'ok' })));
    await expect(run(() => kvs.get('plain:a1'))).resolves.toEqual({ n: 1 });
  });

  it('writes neither the poll nor the rows when the transaction fails', async () => {
    const badRow: TransactionRow = { key: 'not/a/valid/key', value: 1 };
    await expect(run(() => createPoll(PLAT_7, LUNCH, TOKEN, { alongside: () => [auditRow('b1'), badRow] }))).rejects.toThrow();
    await expect(run(() => listPolls(PLAT_7))).resolves.toEqual({ polls: [], nextCursor: null });
    await expect(run(() => kvs.entity(ENTITY.auditEvent).get('b1'))).resolves.toBeUndefined();
  });

  it('leaves a failed idempotent create retryable with the same key at once', async () => {
    const badRow: TransactionRow = { key: 'not/a/valid/key', value: 1 };
    await expect(run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k5', alongside: () => [badRow] }))).rejects.toThrow();
    const retried = await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k5', alongside: () => [auditRow('b2')] }));
    expect(retried.replayed).toBe(false);
    await expect(run(() => listPolls(PLAT_7))).resolves.toMatchObject({ polls: [{ id: retried.poll.id }] });
  });

  it('does not write them for a replayed create', async () => {
    await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k6', alongside: () => [auditRow('c1')] }));
    await run(() => createPoll(PLAT_7, LUNCH, TOKEN, { idempotencyKey: 'k6', alongside: () => [auditRow('c2')] }));
    await expect(run(() => kvs.entity(ENTITY.auditEvent).get('c2'))).resolves.toBeUndefined();
  });
});
