import type { LocalRuntime } from '../../local/runtime';
import { mintToken, quorumRuntime } from '../support/quorum';
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
    expect(answer.json[0].results).toEqual({ totalVotes: 0, options: ['1', '2', '3', '4', '5'].map((id) => ({ id, votes: 0 })) });
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
