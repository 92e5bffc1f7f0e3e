import type { LocalRuntime } from '../../local/runtime';
import { mintToken, quorumRuntime } from '../support/quorum';
import { callTrigger, JSON_HEADERS, STAR_POLL } from '../support/trigger';

let runtime: LocalRuntime;
let auth: Record<string, string>;
beforeEach(async () => {
  runtime = quorumRuntime();
  const { token } = await mintToken(runtime, {
    scope: { jiraProjects: ['PLAT'], confluenceSpaces: ['1002'], anyWorkspace: false, operations: ['read', 'create', 'update', 'delete'] },
  });
  auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
});
afterEach(() => runtime.close());

const onPlat7 = { workspace: 'PLAT', content: 'PLAT-7' };
async function create(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): ReturnType<typeof callTrigger> {
  return callTrigger(runtime, {
    method: 'POST',
    url: '/polls',
    headers: { ...auth, ...headers },
    body: JSON.stringify({ ...STAR_POLL, ...onPlat7, ...extra }),
  });
}

describe('REST style', () => {
  it('creates with 201, Location and ETag, then reads the poll back with the same ETag', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.headers.location).toEqual([`/x1/polls-api/polls/${created.json.id}`]);
    expect(created.headers.etag).toEqual(['"v1"']);
    const read = await callTrigger(runtime, { url: `/polls/${created.json.id}`, headers: auth });
    expect(read).toMatchObject({ status: 200, headers: { etag: ['"v1"'] }, json: { id: created.json.id, title: STAR_POLL.title } });
  });

  it('lists one issue’s polls with limit and cursor, every poll exactly once', async () => {
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await create({ title: `Poll ${i}` })).json.id);
    await create({ content: 'PLAT-8' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?workspace=PLAT&content=PLAT-7&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await callTrigger(runtime, { url: `/polls${query}`, headers: auth });
      expect(page.status).toBe(200);
      expect(page.json.polls.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.polls.map((p: { id: string }) => p.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('replaces with PUT and merges with PATCH, each bumping the version', async () => {
    const { id } = (await create()).json;
    const put = await callTrigger(runtime, {
      method: 'PUT',
      url: `/polls/${id}`,
      headers: auth,
      body: JSON.stringify({ ...STAR_POLL, title: 'Replaced' }),
    });
    expect(put).toMatchObject({ status: 200, headers: { etag: ['"v2"'] }, json: { title: 'Replaced', version: 2 } });
    const patch = await callTrigger(runtime, {
      method: 'PATCH',
      url: `/polls/${id}`,
      headers: { ...auth, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ description: null, settings: { allowRevote: true } }),
    });
    expect(patch).toMatchObject({
      status: 200,
      json: { title: 'Replaced', description: '', version: 3, settings: { allowRevote: true, resultsVisibility: 'alwaysPublic' } },
    });
  });

  it('honours If-Match: 412 for a stale version, 200 for the current one', async () => {
    const { id } = (await create()).json;
    const body = JSON.stringify({ title: 'Fresh' });
    expect(
      (await callTrigger(runtime, { method: 'PATCH', url: `/polls/${id}`, headers: { ...auth, 'if-match': '"v1"' }, body })).status,
    ).toBe(200);
    const stale = await callTrigger(runtime, { method: 'PATCH', url: `/polls/${id}`, headers: { ...auth, 'if-match': '"v1"' }, body });
    expect(stale).toMatchObject({ status: 412, json: { code: 'precondition_failed' } });
    expect((await callTrigger(runtime, { method: 'DELETE', url: `/polls/${id}`, headers: { ...auth, 'if-match': '"v2"' } })).status).toBe(
      204,
    );
  });

  it('never loses one of two concurrent updates silently', async () => {
    const { id } = (await create()).json;
    const answers = await Promise.all(
      ['A', 'B', 'C', 'D'].map((title) =>
        callTrigger(runtime, { method: 'PATCH', url: `/polls/${id}`, headers: auth, body: JSON.stringify({ title }) }),
      ),
    );
    const succeeded = answers.filter((a) => a.status === 200);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const final = (await callTrigger(runtime, { url: `/polls/${id}`, headers: auth })).json;
    expect(final.version).toBe(1 + succeeded.length);
    expect(succeeded.map((a) => a.json.title)).toContain(final.title);
  });

  it('creates once for 10 parallel retries with one Idempotency-Key, answering the same poll', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => create({}, { 'idempotency-key': 'rule-42-run-7' })));
    const ids = new Set(answers.map((a) => a.json.id));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(answers.filter((a) => a.headers['idempotent-replayed']?.[0] === 'true')).toHaveLength(9);
    expect(ids.size).toBe(1);
    const listed = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-7', headers: auth });
    expect(listed.json.polls).toHaveLength(1);
  });

  it('answers 409 when an Idempotency-Key is reused for a different poll', async () => {
    await create({}, { 'idempotency-key': 'same' });
    const other = await create({ title: 'Different' }, { 'idempotency-key': 'same' });
    expect(other).toMatchObject({ status: 409, json: { code: 'conflict' } });
  });

  it('lists all of 50 polls created in parallel', async () => {
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => create({ title: `Parallel ${i}` })));
    expect(created.every((a) => a.status === 201)).toBe(true);
    const page = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-7&limit=100', headers: auth });
    expect(new Set(page.json.polls.map((p: { id: string }) => p.id))).toEqual(new Set(created.map((a) => a.json.id)));
  });

  it('answers 404 for a poll outside the token’s workspaces, as if it did not exist', async () => {
    const other = await mintToken(runtime, {
      scope: { jiraProjects: ['OPS'], confluenceSpaces: [], anyWorkspace: false, operations: ['read', 'update', 'delete'] },
    });
    const { id } = (await create()).json;
    const otherAuth = { authorization: `Bearer ${other.token}`, ...JSON_HEADERS };
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const answer = await callTrigger(runtime, {
        method,
        url: `/polls/${id}`,
        headers: otherAuth,
        body: method === 'PATCH' ? '{"title":"x"}' : '',
      });
      expect(answer).toMatchObject({ status: 404, json: { code: 'not_found' } });
    }
    expect((await callTrigger(runtime, { url: `/polls/${id}`, headers: auth })).json.version).toBe(1);
  });

  it('deletes with 204 and an empty body', async () => {
    const { id } = (await create()).json;
    expect(await callTrigger(runtime, { method: 'DELETE', url: `/polls/${id}`, headers: auth })).toMatchObject({ status: 204, body: '' });
  });
});

describe('the status table', () => {
  it('400 for malformed JSON and for a body that is not an object', async () => {
    expect(await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: '{"title": ' })).toMatchObject({
      status: 400,
      json: { code: 'invalid_json' },
    });
    expect((await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: '[1,2]' })).status).toBe(400);
  });

  it('413 for a body over 64 KiB, before the token is even checked', async () => {
    const answer = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: JSON_HEADERS,
      body: JSON.stringify({ title: 'x'.repeat(70_000) }),
    });
    expect(answer).toMatchObject({ status: 413, json: { code: 'payload_too_large' } });
  });

  it('415 for a body that is declared as something other than JSON', async () => {
    const answer = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'title=x',
    });
    expect(answer).toMatchObject({ status: 415, json: { code: 'unsupported_media_type' } });
  });

  it('404 for unknown paths and 405 with Allow for wrong methods', async () => {
    expect((await callTrigger(runtime, { url: '/votes', headers: auth })).status).toBe(404);
    expect((await callTrigger(runtime, { url: '/polls/a/b', headers: auth })).status).toBe(404);
    expect(await callTrigger(runtime, { method: 'DELETE', url: '/polls', headers: auth })).toMatchObject({
      status: 405,
      headers: { allow: ['GET, POST'] },
    });
    expect(await callTrigger(runtime, { method: 'POST', url: '/polls/x', headers: auth })).toMatchObject({
      status: 405,
      headers: { allow: ['GET, PUT, PATCH, DELETE'] },
    });
  });

  it('serves the OpenAPI description without a token', async () => {
    const answer = await callTrigger(runtime, { url: '/openapi.json' });
    expect(answer).toMatchObject({
      status: 200,
      headers: { 'content-type': ['application/json'] },
      json: { openapi: expect.stringMatching(/^3\.1/) },
    });
    expect(answer.json.servers).toEqual([expect.objectContaining({ url: '/x1/polls-api' })]);
  });

  it('problem bodies never carry a stack trace or internal message', async () => {
    const answers = await Promise.all([
      callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: '{' }),
      callTrigger(runtime, { url: '/polls/not-a-uuid', headers: auth }),
      callTrigger(runtime, { url: '/polls?workspace=PLAT', headers: auth }),
    ]);
    for (const answer of answers) {
      expect(answer.headers['content-type']).toEqual(['application/problem+json']);
      expect(Object.keys(answer.json).sort()).toEqual(['code', 'detail', 'errors', 'status', 'title', 'type']);
      expect(answer.body).not.toMatch(/at .*\.(ts|js):\d+|Error:|ForgeKvs/);
    }
  });
});
