import type { LocalRuntime } from '../../local/runtime';
import type { PollCard } from '../../src/shared/poll-ui';
import type { ResolverResult } from '../../src/shared/resolver-contract';
import { fakeClock } from '../support/clock';
import { callPolls, pollBody, type Place } from '../support/poll-ui';
import { mintToken, quorumRuntime } from '../support/quorum';
import { callTrigger, JSON_HEADERS } from '../support/trigger';

/**
 * Voting through the poll UI's resolver over the local runtime (DESIGN §10): every rule of the
 * table, each way round; permissions asked of the fixture site as the user; exact counts.
 */
let runtime: LocalRuntime;
/** What the runtime reports as a function's failure; a test that expects none finds none. */
let failures: unknown[];
beforeEach(() => {
  failures = [];
  runtime = quorumRuntime({ onFunctionError: (error) => failures.push(error) });
});
afterEach(async () => {
  await runtime.close();
  expect(failures).toEqual([]);
});

const PLAT_1: Place = { issueKey: 'PLAT-1' };
const ADMIN = 'local-admin';
const EDITOR = 'local-user'; // edits PLAT and ENG
const VIEWER = 'local-viewer'; // browses PLAT, views ENG

function ok<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.data;
}

async function create(settings: Record<string, unknown> = {}, place: Place = PLAT_1, options?: string[]): Promise<PollCard> {
  return ok(await callPolls(runtime, EDITOR, place, 'polls/create', { poll: pollBody(settings, options) })).poll;
}

const vote = (accountId: string, poll: PollCard, optionIds: string[], extra: Record<string, unknown> = {}, place: Place = PLAT_1) =>
  callPolls(runtime, accountId, place, 'polls/vote', { pollId: poll.id, optionIds, ...extra });
const list = async (accountId: string, place: Place = PLAT_1) => ok(await callPolls(runtime, accountId, place, 'polls/list', {}));
const cardFor = async (accountId: string, poll: PollCard, place: Place = PLAT_1): Promise<PollCard> => {
  const found = (await list(accountId, place)).polls.find((p) => p.id === poll.id);
  if (!found) throw new Error(`poll ${poll.id} not listed for ${accountId}`);
  return found;
};

describe('the poll UI resolver: choosing options', () => {
  it('takes exactly one option on a single-choice poll and counts it', async () => {
    const poll = await create();
    const voted = ok(await vote(VIEWER, poll, ['2'])).poll;
    expect(voted.myVote).toMatchObject({ optionIds: ['2'], comment: null });
    expect(voted.results).toEqual({
      totalVotes: 1,
      participants: 1,
      options: [
        { id: '1', votes: 0, percent: 0 },
        { id: '2', votes: 1, percent: 100 },
        { id: '3', votes: 0, percent: 0 },
      ],
    });
    const twice = await vote(EDITOR, poll, ['1', '2']);
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ field: 'optionIds', message: expect.stringContaining('exactly one') }] },
    });
  });

  it('takes several options where the poll allows, and counts people and choices apart', async () => {
    const poll = await create({ allowSelectionOfMultipleOptions: true });
    ok(await vote(VIEWER, poll, ['1', '3']));
    const second = ok(await vote(EDITOR, poll, ['1'])).poll;
    expect(second.results).toMatchObject({ totalVotes: 3, participants: 2 });
    expect(second.results?.options.map((o) => o.percent)).toEqual([100, 0, 50]);
  });

  it('refuses unknown options, an option twice, and no option', async () => {
    const poll = await create({ allowSelectionOfMultipleOptions: true });
    expect(await vote(VIEWER, poll, ['9'])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await vote(VIEWER, poll, ['1', '1'])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await vote(VIEWER, poll, [])).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'optionIds' }] } });
    expect((await cardFor(VIEWER, poll)).results?.participants).toBe(0);
  });
});

describe('revoting', () => {
  it('makes a vote final unless the poll allows changing it', async () => {
    const poll = await create();
    ok(await vote(VIEWER, poll, ['1']));
    expect(await vote(VIEWER, poll, ['2'])).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) } });
    expect(await callPolls(runtime, VIEWER, PLAT_1, 'polls/withdraw', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const card = await cardFor(VIEWER, poll);
    expect(card).toMatchObject({ myVote: { optionIds: ['1'] }, canVote: false });
    expect(card.results?.options.map((o) => o.votes)).toEqual([1, 0, 0]);
  });

  it('moves a changed vote from one option to the other and takes a withdrawn one back', async () => {
    const poll = await create({ allowRevote: true });
    ok(await vote(VIEWER, poll, ['1']));
    const changed = ok(await vote(VIEWER, poll, ['3'])).poll;
    expect(changed.results?.options.map((o) => o.votes)).toEqual([0, 0, 1]);
    expect(changed.results?.participants).toBe(1);
    const withdrawn = ok(await callPolls(runtime, VIEWER, PLAT_1, 'polls/withdraw', { pollId: poll.id })).poll;
    expect(withdrawn).toMatchObject({ myVote: null, canVote: true, results: { participants: 0, totalVotes: 0 } });
    expect(await callPolls(runtime, VIEWER, PLAT_1, 'polls/withdraw', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('closing', () => {
  it('takes no vote once closed by hand, and again once reopened', async () => {
    const poll = await create();
    const closed = ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/close', { pollId: poll.id })).poll;
    expect(closed).toMatchObject({ status: 'closed', canVote: false });
    expect(await vote(VIEWER, poll, ['1'])).toMatchObject({ ok: false, error: { code: 'CLOSED' } });
    ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/reopen', { pollId: poll.id }));
    expect(ok(await vote(VIEWER, poll, ['1'])).poll.myVote?.optionIds).toEqual(['1']);
  });

  it('takes no vote after an end date the poll closes on, and cannot be reopened then; an end date alone closes nothing', async () => {
    const clock = fakeClock();
    const endDate = new Date(clock.now() + 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const closing = await create({ endDate, closePollOnEndDate: true });
    const informational = await create({ endDate });
    ok(await vote(VIEWER, closing, ['1']));
    clock.advance(2 * 60 * 60 * 1000);
    expect(await vote(EDITOR, closing, ['1'])).toMatchObject({ ok: false, error: { code: 'CLOSED' } });
    expect((await cardFor(EDITOR, closing)).status).toBe('closed');
    expect(await callPolls(runtime, EDITOR, PLAT_1, 'polls/reopen', { pollId: closing.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ field: 'settings.endDate' }] },
    });
    expect(ok(await vote(EDITOR, informational, ['2'])).poll.status).toBe('open');
  });

  // manifest-reference/modules/scheduled-trigger: the maintenance job marks what the clock closed.
  it('is marked closed by the scheduled maintenance once the end date passed', async () => {
    const clock = fakeClock();
    const endDate = new Date(clock.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const poll = await create({ endDate, closePollOnEndDate: true });
    clock.advance(120_000);
    expect(await runtime.runScheduledTrigger('poll-maintenance')).toMatchObject({ outcome: 'returned' });
    const stored = runtime.storedData().find((line) => line.includes(poll.id) && line.includes('"title"'));
    expect(stored).toContain('"status":"closed"');
    expect(stored).not.toContain('closesAt');
  });
});

describe('results visibility', () => {
  it('shows results to everyone who can view with alwaysPublic', async () => {
    const poll = await create({ resultsVisibility: 'alwaysPublic' });
    expect((await cardFor(VIEWER, poll)).results).not.toBeNull();
  });

  it('shows results after the viewer voted with afterVote, and to everyone once closed', async () => {
    const poll = await create({ resultsVisibility: 'afterVote' });
    expect(await cardFor(VIEWER, poll)).toMatchObject({ results: null, resultsHidden: 'until-voted' });
    expect((await cardFor(EDITOR, poll)).results).not.toBeNull(); // managers always see
    expect(ok(await vote(VIEWER, poll, ['1'])).poll.results?.participants).toBe(1);
    expect((await cardFor(VIEWER, poll)).resultsHidden).toBeNull();
    expect(await cardFor('voter-001', poll)).toMatchObject({ results: null, resultsHidden: 'until-voted' });
    ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/close', { pollId: poll.id }));
    expect((await cardFor('voter-001', poll)).results?.participants).toBe(1);
  });

  it('shows results only once closed with afterClose', async () => {
    const poll = await create({ resultsVisibility: 'afterClose' });
    expect(ok(await vote(VIEWER, poll, ['1'])).poll).toMatchObject({ results: null, resultsHidden: 'until-closed' });
    ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/close', { pollId: poll.id }));
    expect((await cardFor(VIEWER, poll)).results?.participants).toBe(1);
  });

  it('shows results to managers only with private, closed or not', async () => {
    const poll = await create({ resultsVisibility: 'private' });
    ok(await vote(VIEWER, poll, ['1']));
    ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/close', { pollId: poll.id }));
    expect(await cardFor(VIEWER, poll)).toMatchObject({ results: null, resultsHidden: 'managers-only' });
    expect((await cardFor(EDITOR, poll)).results?.participants).toBe(1);
    expect((await cardFor(ADMIN, poll)).results?.participants).toBe(1);
  });

  it('shows percentages only to non-managers with hideAbsoluteNumbers; managers and API tokens see the counts', async () => {
    const poll = await create({ hideAbsoluteNumbers: true });
    ok(await vote('voter-001', poll, ['1']));
    const seen = ok(await vote(VIEWER, poll, ['2'])).poll.results;
    expect(seen).toEqual({
      totalVotes: null,
      participants: null,
      options: [
        { id: '1', votes: null, percent: 50 },
        { id: '2', votes: null, percent: 50 },
        { id: '3', votes: null, percent: 0 },
      ],
    });
    expect((await cardFor(EDITOR, poll)).results).toMatchObject({ totalVotes: 2, participants: 2 });
    const { token } = await mintToken(runtime);
    const api = await callTrigger(runtime, { url: `/polls/${poll.id}?expand=results`, headers: { authorization: `Bearer ${token}` } });
    expect(api.json.results).toMatchObject({ totalVotes: 2, participants: 2, options: [{ votes: 1 }, { votes: 1 }, { votes: 0 }] });
  });
});

describe('named and anonymous polls', () => {
  it('lists who voted what on a named poll, with comments, to those who may see results', async () => {
    const poll = await create({ saveParticipantNames: true, allowComment: true });
    ok(await vote(VIEWER, poll, ['1'], { comment: 'Ship it' }));
    ok(await vote('voter-042', poll, ['2']));
    const { voters } = ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/voters', { pollId: poll.id }));
    expect(voters).toEqual([
      { accountId: VIEWER, displayName: 'Local Viewer', optionIds: ['1'], comment: 'Ship it', at: expect.any(String) },
      { accountId: 'voter-042', displayName: 'Voter 042', optionIds: ['2'], comment: null, at: expect.any(String) },
    ]);
  });

  it('keeps an anonymous poll anonymous: no stored value names the voter, nobody can list voters, and nobody votes twice', async () => {
    const poll = await create({ allowComment: true });
    ok(await vote('voter-077', poll, ['3'], { comment: 'no names here' }));
    expect(await vote('voter-077', poll, ['3'])).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const stored = runtime.storedData().join('\n');
    expect(stored).toContain('no names here'); // the vote is there…
    expect(stored).not.toContain('voter-077'); // …but not whose it is
    expect(stored).not.toContain('Voter 077');
    expect(await callPolls(runtime, ADMIN, PLAT_1, 'polls/voters', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect((await cardFor('voter-077', poll)).myVote?.optionIds).toEqual(['3']);
  });

  it('refuses a comment where comments are off, and one over 1,000 characters', async () => {
    const quiet = await create();
    expect(await vote(VIEWER, quiet, ['1'], { comment: 'hi' })).toMatchObject({ ok: false, error: { fields: [{ field: 'comment' }] } });
    const chatty = await create({ allowComment: true });
    expect(await vote(VIEWER, chatty, ['1'], { comment: 'x'.repeat(1001) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ field: 'comment' }] },
    });
    expect(ok(await vote(VIEWER, chatty, ['1'], { comment: 'x'.repeat(1000) })).poll.myVote?.comment).toHaveLength(1000);
  });
});

describe('editing a poll that has votes', () => {
  it('refuses to drop an option with votes, keeps votes through a rename, and drops an option without votes', async () => {
    const poll = await create({}, PLAT_1, ['Yes', 'No', 'Maybe']);
    ok(await vote(VIEWER, poll, ['1']));
    const update = (options: Array<Record<string, unknown>>, version: number) =>
      callPolls(runtime, EDITOR, PLAT_1, 'polls/update', { pollId: poll.id, version, poll: { title: poll.title, options } });
    expect(
      await update(
        [
          { id: '2', title: 'No' },
          { id: '3', title: 'Maybe' },
        ],
        1,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ field: 'options', message: expect.stringContaining('1 vote') }] },
    });
    const renamed = ok(
      await update(
        [
          { id: '1', title: 'Yes!' },
          { id: '2', title: 'No' },
        ],
        1,
      ),
    ).poll;
    expect(renamed.options.map((o) => o.title)).toEqual(['Yes!', 'No']);
    expect(renamed.results?.options).toEqual([
      { id: '1', votes: 1, percent: 100 },
      { id: '2', votes: 0, percent: 0 },
    ]);
  });

  it('matches options sent without ids to the existing ones by title, so a Team Voice PUT moves no votes', async () => {
    const poll = await create({}, PLAT_1, ['Yes', 'No']);
    ok(await vote(VIEWER, poll, ['2']));
    const { token } = await mintToken(runtime);
    const put = await callTrigger(runtime, {
      method: 'PUT',
      url: `/polls/${poll.id}`,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Ship?', options: [{ title: 'Maybe' }, { title: 'No' }, { title: 'Yes' }] }),
    });
    expect(put.status).toBe(200);
    expect(put.json.options).toEqual([
      { id: '3', title: 'Maybe', order: 0 },
      { id: '2', title: 'No', order: 1 },
      { id: '1', title: 'Yes', order: 2 },
    ]);
    expect((await cardFor(VIEWER, poll)).myVote?.optionIds).toEqual(['2']);
  });

  it('refuses to make a voted poll anonymous or named, or single-choice', async () => {
    const poll = await create({ allowSelectionOfMultipleOptions: true });
    ok(await vote(VIEWER, poll, ['1', '2']));
    const result = await callPolls(runtime, EDITOR, PLAT_1, 'polls/update', {
      pollId: poll.id,
      version: 1,
      poll: { ...pollBody({ saveParticipantNames: true, allowSelectionOfMultipleOptions: false }) },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(result.ok ? [] : result.error.fields?.map((f) => f.field)).toEqual([
      'settings.saveParticipantNames',
      'settings.allowSelectionOfMultipleOptions',
    ]);
  });

  it('refuses an update against a stale version', async () => {
    const poll = await create();
    ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/update', { pollId: poll.id, version: 1, poll: pollBody({}, ['A', 'B']) }));
    expect(await callPolls(runtime, EDITOR, PLAT_1, 'polls/update', { pollId: poll.id, version: 1, poll: pollBody() })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });
});

describe('permissions, asked of the product as the user on every call', () => {
  // DESIGN §7's fixture: local-admin everything; local-user edits PLAT and ENG, browses OPS,
  // nothing in HR; local-viewer browses PLAT and views ENG only.
  const PLACES: Record<string, Place> = {
    PLAT: { issueKey: 'PLAT-2' },
    OPS: { issueKey: 'OPS-2' },
    ENG: { pageId: '2002', localId: 'macro-eng' },
    HR: { pageId: '3002', localId: 'macro-hr' },
  };
  const EXPECTED: Record<string, Record<string, { view: boolean; manage: boolean }>> = {
    [ADMIN]: {
      PLAT: { view: true, manage: true },
      OPS: { view: true, manage: true },
      ENG: { view: true, manage: true },
      HR: { view: true, manage: true },
    },
    [EDITOR]: {
      PLAT: { view: true, manage: true },
      OPS: { view: true, manage: false },
      ENG: { view: true, manage: true },
      HR: { view: false, manage: false },
    },
    [VIEWER]: {
      PLAT: { view: true, manage: false },
      OPS: { view: false, manage: false },
      ENG: { view: true, manage: false },
      HR: { view: false, manage: false },
    },
  };

  for (const [user, byPlace] of Object.entries(EXPECTED)) {
    for (const [name, expected] of Object.entries(byPlace)) {
      it(`${user} at ${name}: ${expected.view ? 'sees and votes' : 'sees nothing'}, ${expected.manage ? 'manages' : 'does not manage'}`, async () => {
        const place = PLACES[name]!;
        const poll = ok(await callPolls(runtime, ADMIN, place, 'polls/create', { poll: pollBody() })).poll;
        const listing = await callPolls(runtime, user, place, 'polls/list', {});
        const voted = await callPolls(runtime, user, place, 'polls/vote', { pollId: poll.id, optionIds: ['1'] });
        const closed = await callPolls(runtime, user, place, 'polls/close', { pollId: poll.id });
        if (expected.view) {
          expect(listing).toMatchObject({ ok: true, data: { canManage: expected.manage, polls: [{ id: poll.id }] } });
          expect(voted.ok).toBe(true);
        } else {
          expect(listing).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
          expect(voted).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        }
        expect(closed.ok ? 'closed' : closed.error.code).toBe(expected.manage ? 'closed' : 'FORBIDDEN');
      });
    }
  }

  it('never reaches a poll from another place, even with its id', async () => {
    const poll = await create();
    const elsewhere: Place = { issueKey: 'PLAT-3' };
    expect(await vote(VIEWER, poll, ['1'], {}, elsewhere)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await callPolls(runtime, EDITOR, elsewhere, 'polls/delete', { pollId: poll.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await list(VIEWER, elsewhere)).polls).toEqual([]);
  });

  it('keeps the two resolver functions apart, and refuses an unknown payload field', async () => {
    // The admin page's module has no poll resolver at all, and the panel no admin resolver.
    await expect(
      runtime.invokeResolver({ moduleKey: 'quorum-jira-admin', functionKey: 'polls/list', payload: {}, accountId: ADMIN }),
    ).rejects.toThrow("The resolver 'polls/list' failed.");
    await expect(
      runtime.invokeResolver({
        moduleKey: 'quorum-issue-panel',
        functionKey: 'tokens/list',
        payload: {},
        accountId: ADMIN,
        context: PLAT_1,
      }),
    ).rejects.toThrow("The resolver 'tokens/list' failed.");
    expect(failures).toHaveLength(2);
    failures = [];
    expect(await callPolls(runtime, VIEWER, PLAT_1, 'polls/list', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});

describe('concurrent votes', () => {
  it('counts 100 different people voting at once, every one of them', async () => {
    const poll = await create({ allowSelectionOfMultipleOptions: true });
    const voters = Array.from({ length: 100 }, (_, i) => `voter-${String(i + 1).padStart(3, '0')}`);
    const results = await Promise.all(voters.map((voter, i) => vote(voter, poll, i % 2 === 0 ? ['1'] : ['2', '3'])));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const card = await cardFor(EDITOR, poll);
    expect(card.results).toMatchObject({
      participants: 100,
      totalVotes: 150,
      options: [
        { id: '1', votes: 50 },
        { id: '2', votes: 50 },
        { id: '3', votes: 50 },
      ],
    });
  }, 60_000);

  it('counts one person voting ten times at once as one vote', async () => {
    const final = await create();
    const finalResults = await Promise.all(Array.from({ length: 10 }, () => vote(VIEWER, final, ['1'])));
    expect(finalResults.filter((r) => r.ok)).toHaveLength(1);
    expect((await cardFor(EDITOR, final)).results?.participants).toBe(1);

    const changeable = await create({ allowRevote: true });
    await Promise.all(Array.from({ length: 10 }, (_, i) => vote(VIEWER, changeable, [String((i % 3) + 1)])));
    const card = await cardFor(EDITOR, changeable);
    expect(card.results?.participants).toBe(1);
    expect(card.results?.totalVotes).toBe(1);
  }, 30_000);
});

describe('polls made through the API', () => {
  it('are votable at once, and expand=results answers what the panel shows', async () => {
    const { token } = await mintToken(runtime);
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...pollBody(), workspace: 'PLAT', content: 'PLAT-1' }),
    });
    expect(created.status).toBe(201);
    const poll = (await list(VIEWER)).polls.find((p) => p.id === created.json.id)!;
    ok(await vote(VIEWER, poll, ['2']));
    ok(await vote(EDITOR, poll, ['2']));
    ok(await vote(ADMIN, poll, ['3']));
    const panel = (await cardFor(EDITOR, poll)).results;
    const rest = await callTrigger(runtime, { url: `/polls/${poll.id}?expand=results`, headers: { authorization: `Bearer ${token}` } });
    const teamVoice = await callTrigger(runtime, { url: `?token=${token}&type=polls&workspace=PLAT&content=PLAT-1&expand=results` });
    expect(rest.json.results).toEqual(panel);
    expect(teamVoice.json.find((p: { id: string }) => p.id === poll.id).results).toEqual(panel);
    expect(panel).toMatchObject({ totalVotes: 3, participants: 3, options: [{ percent: 0 }, { percent: 67 }, { percent: 33 }] });
  });
});

describe('deleting a poll', () => {
  it('deletes its votes and counts with it', async () => {
    const poll = await create({ saveParticipantNames: true });
    for (const voter of ['voter-001', 'voter-002', 'voter-003']) ok(await vote(voter, poll, ['1']));
    expect(runtime.storedData().filter((line) => line.includes(poll.id)).length).toBeGreaterThan(3);
    expect(ok(await callPolls(runtime, EDITOR, PLAT_1, 'polls/delete', { pollId: poll.id }))).toEqual({ id: poll.id });
    expect(runtime.storedData().filter((line) => line.includes(poll.id))).toEqual([]);
  });
});

describe('storage requests', () => {
  it('casts a vote in a batch read and one transaction, and reads a poll’s results in one batch read whatever the number of voters', async () => {
    runtime.resetStorageRequests();
    // The installation's voter-key secret is created by the first call that needs it, then kept.
    const poll = await create({ allowRevote: true });
    expect(runtime.storageRequests().byPath).toMatchObject({ '/api/v1/secret/get': 1, '/api/v1/secret/set': 1 });
    for (const choice of ['1', '2']) {
      runtime.resetStorageRequests();
      ok(await vote(VIEWER, poll, [choice]));
      expect(runtime.storageRequests().byPath).toEqual({ '/api/v1/batch/get': 1, '/api/v1/transaction': 1 });
      expect(runtime.productRequests().byCall).toEqual({ 'GET jira /rest/api/3/mypermissions': 1 });
    }
    for (const voters of [10, 100]) {
      const counted = await create({}, { issueKey: 'PLAT-9' });
      await Promise.all(
        Array.from({ length: voters }, (_, i) =>
          vote(`voter-${String(i + 1).padStart(3, '0')}`, counted, ['1'], {}, { issueKey: 'PLAT-9' }),
        ),
      );
      runtime.resetStorageRequests();
      expect((await cardFor(EDITOR, counted, { issueKey: 'PLAT-9' })).results?.participants).toBe(voters);
      // One query for the issue's polls, one batch read for the viewer's votes, one for the counts: not per voter.
      expect(runtime.storageRequests().byPath).toEqual({ '/api/v1/entity/query': 1, '/api/v1/batch/get': 2 });
    }
  });
});

describe('an issue moved or deleted', () => {
  // events-reference/jira: a move is an avi:jira:updated:issue with jiraEventTypeName issue_moved.
  it('takes its polls along to the new project and key', async () => {
    const poll = await create();
    ok(await vote(VIEWER, poll, ['1']));
    const moved = runtime.moveIssue('PLAT-1', 'OPS');
    expect(await runtime.fireEvent(moved.event.name, moved.event.payload)).toMatchObject({ delivered: [{ trigger: 'content-events' }] });
    const newPlace: Place = { issueKey: moved.key ?? '' };
    const card = (await list(ADMIN, newPlace)).polls.find((p) => p.id === poll.id);
    expect(card).toMatchObject({ workspace: 'OPS', content: moved.key, results: { participants: 1 } });
    const { token } = await mintToken(runtime, {
      scope: { jiraProjects: ['OPS'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
    });
    const api = await callTrigger(runtime, { url: `?token=${token}&type=polls&workspace=OPS&content=${moved.key}` });
    expect(api.json.map((p: { id: string }) => p.id)).toEqual([poll.id]);
  });

  it('deletes its polls and their votes when the issue is deleted', async () => {
    const poll = await create();
    ok(await vote(VIEWER, poll, ['1']));
    const deleted = runtime.deleteIssue('PLAT-1');
    await runtime.fireEvent(deleted.event.name, deleted.event.payload);
    expect(runtime.storedData().filter((line) => line.includes(poll.id))).toEqual([]);
  });

  it('deletes a page’s polls, in every macro, when the page is deleted — not when it is only trashed', async () => {
    const first = await create({}, { pageId: '2003', localId: 'm-1' });
    const second = await create({}, { pageId: '2003', localId: 'm-2' });
    const trashed = runtime.trashPage('2003');
    await runtime.fireEvent(trashed.event.name, trashed.event.payload);
    expect(runtime.storedData().some((line) => line.includes(first.id))).toBe(true);
    const deleted = runtime.deletePage('2003');
    await runtime.fireEvent(deleted.event.name, deleted.event.payload);
    expect(runtime.storedData().filter((line) => line.includes(first.id) || line.includes(second.id))).toEqual([]);
  });
});

describe('the voter key secret', () => {
  // storage-reference/kvs-api-secret: setSecret with keyPolicy FAIL_IF_EXISTS.
  it('is created once even when two instances find none at the same moment, so both hash a voter alike', async () => {
    const { voterHash } = await import('../../src/platform/voter-key');
    // Two installation names stand for two function instances: each keeps its own copy of the secret.
    const [first, second] = await runtime.run(() =>
      Promise.all([voterHash('instance-a', 'poll', 'someone'), voterHash('instance-b', 'poll', 'someone')]),
    );
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(runtime.storedData().filter((line) => line.includes('voter-key'))).toHaveLength(1);
  });
});
