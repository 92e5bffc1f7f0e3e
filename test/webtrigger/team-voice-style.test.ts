import type { LocalRuntime } from '../../local/runtime';
import { mintToken, quorumRuntime } from '../support/quorum';
import { fakeClock } from '../support/clock';
import { callTrigger, JSON_HEADERS, STAR_POLL, teamVoiceUrl } from '../support/trigger';

let runtime: LocalRuntime;
let token: string;
beforeEach(async () => {
  runtime = quorumRuntime();
  ({ token } = await mintToken(runtime, {
    scope: {
      jiraProjects: ['PLAT', 'OPS'],
      confluenceSpaces: ['1001'],
      anyWorkspace: false,
      operations: ['read', 'create', 'update', 'delete'],
    },
  }));
});
afterEach(() => runtime.close());

const jira = (extra: Record<string, string> = {}): string =>
  teamVoiceUrl({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-7', ...extra });
const confluence = (extra: Record<string, string> = {}): string =>
  teamVoiceUrl({ token, type: 'polls', workspace: '1001', content: '2005', container: 'b1f5c3a0-macro', ...extra });

describe('Team Voice’s documented requests, replayed', () => {
  it('creates the 5-star example poll on a Jira issue and answers 200 with the poll', async () => {
    const created = await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toEqual(['application/json']);
    expect(created.json).toMatchObject({
      ...STAR_POLL,
      product: 'jira',
      workspace: 'PLAT',
      content: 'PLAT-7',
      container: '',
      version: 1,
      status: 'open',
    });
    expect(created.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.json.createdBy).toEqual({ type: 'token', id: expect.any(String) });
  });

  it('lists the polls of an issue as Poll[] and one poll with pollId', async () => {
    const first = (await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) }))
      .json;
    const second = (
      await callTrigger(runtime, {
        method: 'POST',
        url: jira(),
        headers: JSON_HEADERS,
        body: JSON.stringify({ ...STAR_POLL, title: 'Second' }),
      })
    ).json;
    await callTrigger(runtime, {
      method: 'POST',
      url: jira({ content: 'PLAT-8' }),
      headers: JSON_HEADERS,
      body: JSON.stringify(STAR_POLL),
    });
    const all = await callTrigger(runtime, { url: jira() });
    expect(all.status).toBe(200);
    expect(all.json.map((p: { id: string }) => p.id)).toEqual([first.id, second.id]);
    const one = await callTrigger(runtime, { url: jira({ pollId: second.id }) });
    expect(one).toMatchObject({ status: 200, json: [{ id: second.id, title: 'Second' }] });
  });

  it('updates a poll with PUT, accepting the body with its id as Team Voice sends it', async () => {
    const poll = (await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) })).json;
    const body = { ...STAR_POLL, id: poll.id, title: 'Stars, revised' };
    const updated = await callTrigger(runtime, {
      method: 'PUT',
      url: jira({ pollId: poll.id }),
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    });
    expect(updated).toMatchObject({ status: 200, json: { id: poll.id, title: 'Stars, revised', version: 2 } });
  });

  it('deletes a poll with 200, after which it is gone (404)', async () => {
    const poll = (await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) })).json;
    expect((await callTrigger(runtime, { method: 'DELETE', url: jira({ pollId: poll.id }) })).status).toBe(200);
    expect((await callTrigger(runtime, { url: jira({ pollId: poll.id }) })).status).toBe(404);
    expect((await callTrigger(runtime, { method: 'DELETE', url: jira({ pollId: poll.id }) })).status).toBe(404);
  });

  it('works on a Confluence page with the macro id as container', async () => {
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: confluence(),
      headers: JSON_HEADERS,
      body: JSON.stringify(STAR_POLL),
    });
    expect(created).toMatchObject({
      status: 200,
      json: { product: 'confluence', workspace: '1001', content: '2005', container: 'b1f5c3a0-macro' },
    });
    expect((await callTrigger(runtime, { url: confluence() })).json).toHaveLength(1);
    expect((await callTrigger(runtime, { url: confluence({ container: 'another-macro' }) })).json).toEqual([]);
  });

  it('adds vote totals with expand=results', async () => {
    const poll = (await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) })).json;
    const answer = await callTrigger(runtime, { url: jira({ pollId: poll.id, expand: 'results' }) });
    expect(answer.json[0].results).toEqual({
      totalVotes: 0,
      participants: 0,
      options: ['1', '2', '3', '4', '5'].map((id) => ({ id, votes: 0, percent: 0 })),
    });
  });
});

describe('Team Voice style errors', () => {
  it.each([
    ['type', { type: undefined }],
    ['workspace', { workspace: undefined }],
    ['content', { content: undefined }],
  ])('answers 400 naming the missing %s parameter', async (field, override) => {
    const answer = await callTrigger(runtime, {
      url: teamVoiceUrl({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-7', ...override }),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toEqual(['application/problem+json']);
    expect(answer.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('requires the container for Confluence and pollId for PUT and DELETE', async () => {
    const noContainer = await callTrigger(runtime, { url: teamVoiceUrl({ token, type: 'polls', workspace: '1001', content: '2005' }) });
    expect(noContainer.json.errors).toEqual([expect.objectContaining({ field: 'container' })]);
    for (const method of ['PUT', 'DELETE']) {
      const answer = await callTrigger(runtime, { method, url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) });
      expect(answer.json.errors).toEqual([expect.objectContaining({ field: 'pollId' })]);
    }
  });

  it('rejects type other than polls and an issue of another project', async () => {
    expect((await callTrigger(runtime, { url: jira({ type: 'votes' }) })).json.errors).toEqual([
      expect.objectContaining({ field: 'type' }),
    ]);
    const wrongProject = await callTrigger(runtime, { url: jira({ content: 'OPS-7' }) });
    expect(wrongProject).toMatchObject({ status: 400, json: { errors: [{ field: 'content' }] } });
  });

  it('never creates a poll on an issue that does not exist (404)', async () => {
    const answer = await callTrigger(runtime, {
      method: 'POST',
      url: jira({ content: 'PLAT-999' }),
      headers: JSON_HEADERS,
      body: JSON.stringify(STAR_POLL),
    });
    expect(answer).toMatchObject({ status: 404, json: { code: 'not_found' } });
    expect((await callTrigger(runtime, { url: jira({ content: 'PLAT-999' }) })).json).toEqual([]);
  });

  it('never reaches a poll through another issue’s parameters', async () => {
    const poll = (await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(STAR_POLL) })).json;
    expect((await callTrigger(runtime, { url: jira({ content: 'PLAT-8', pollId: poll.id }) })).status).toBe(404);
    const put = await callTrigger(runtime, {
      method: 'PUT',
      url: jira({ content: 'PLAT-8', pollId: poll.id }),
      headers: JSON_HEADERS,
      body: JSON.stringify(STAR_POLL),
    });
    expect(put.status).toBe(404);
  });

  it('answers 405 with Allow for other methods', async () => {
    const answer = await callTrigger(runtime, { method: 'PATCH', url: jira() });
    expect(answer).toMatchObject({ status: 405, headers: { allow: ['GET, POST, PUT, DELETE'] } });
  });

  it('names every invalid field of a body', async () => {
    const body = { title: '', options: [{ title: 'only one' }], settings: { resultsVisibility: 'sometimes' }, colour: 'red' };
    const answer = await callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(body) });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'colour',
      'options',
      'settings.resultsVisibility',
      'title',
    ]);
  });
});

describe('Team Voice style list: every poll or a clear refusal, never a cut-short array', () => {
  async function createPolls(count: number, body: object): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 10) {
      const batch = Array.from({ length: Math.min(10, count - start) }, () =>
        callTrigger(runtime, { method: 'POST', url: jira(), headers: JSON_HEADERS, body: JSON.stringify(body) }),
      );
      for (const created of await Promise.all(batch)) {
        expect(created.status).toBe(200);
        ids.push(created.json.id);
      }
    }
    return ids;
  }

  it('answers all 250 polls of an issue, oldest first, reading them 100 at a time', async () => {
    const ids = await createPolls(250, STAR_POLL);
    runtime.resetStorageRequests();
    const all = await callTrigger(runtime, { url: jira() });
    expect(all.status).toBe(200);
    expect(all.json.map((p: { id: string }) => p.id)).toEqual(ids);
    expect(runtime.storageRequests().byPath['/api/v1/entity/query']).toBe(3);
  });

  // limits-invocation: "Payload size | 5MB" for a web trigger's response, headers included.
  it('answers 422 too_many_polls once the polls would not fit in one response, and the REST list still pages through them', async () => {
    const largest = {
      title: 'T'.repeat(255),
      description: 'D'.repeat(4000),
      options: Array.from({ length: 50 }, (_, i) => ({ title: `${i}`.padEnd(255, 'o') })),
    };
    await createPolls(200, largest);
    const fits = await callTrigger(runtime, { url: jira() });
    expect(fits.status).toBe(200);
    expect(fits.json).toHaveLength(200);
    expect(fits.body.length).toBeLessThanOrEqual(4_000_000);

    await createPolls(20, largest);
    const tooMany = await callTrigger(runtime, { url: jira() });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json).toMatchObject({ code: 'too_many_polls', status: 422, title: 'Unprocessable Content' });
    expect(tooMany.json.detail).toContain('GET /polls?workspace=PLAT&content=PLAT-7');

    let seen = 0;
    let cursor = '';
    do {
      const page = await callTrigger(runtime, {
        url: `/polls?workspace=PLAT&content=PLAT-7&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(page.status).toBe(200);
      seen += page.json.polls.length;
      cursor = page.json.nextCursor ?? '';
    } while (cursor);
    expect(seen).toBe(220);
  });

  it('answers 422 rather than run past its time budget when storage is slow', async () => {
    await createPolls(250, STAR_POLL);
    const clock = fakeClock();
    // Each storage request takes 11 s of (fake) time: the third page would start after 22 s.
    runtime.delayStorage(11_000, { wait: clock.advance });
    const slow = await callTrigger(runtime, { url: jira() });
    expect(slow.status).toBe(422);
    expect(slow.json.code).toBe('too_many_polls');
    runtime.delayStorage(0);
    expect((await callTrigger(runtime, { url: jira() })).json).toHaveLength(250);
  });
});
