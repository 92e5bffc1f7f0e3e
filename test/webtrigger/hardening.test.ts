import type { LocalRuntime } from '../../local/runtime';
import type { AuditEvent } from '../../src/shared/tokens';
import { generateToken } from '../../src/tokens/token-format';
import { fakeClock } from '../support/clock';
import { callResolver, mintToken, quorumRuntime, unwrap } from '../support/quorum';
import { callTrigger, JSON_HEADERS, STAR_POLL } from '../support/trigger';

/** What a security review found; each test here failed before its fix. */
let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

const MINUTE = 60_000;
const list = (headers: Record<string, string> = {}, token?: string) =>
  callTrigger(runtime, { url: `/polls?workspace=PLAT&content=PLAT-1${token === undefined ? '' : `&token=${token}`}`, headers });

/** Storage requests that write, by path. */
function writes(): Record<string, number> {
  return Object.fromEntries(Object.entries(runtime.storageRequests().byPath).filter(([path]) => /set|delete|transaction/.test(path)));
}

async function events(filter: Record<string, string> = {}): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = unwrap(await callResolver(runtime, 'audit/list', { limit: 100, ...filter, ...(cursor ? { cursor } : {}) }));
    all.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

function minuteStart(at: number): number {
  return Math.floor(at / MINUTE) * MINUTE;
}

describe('requests that present no valid token', () => {
  it('write nothing of their own: 500 of them, from 500 made-up addresses, cost one write a minute', async () => {
    const clock = fakeClock(minuteStart(Date.now()) + 1_000);
    runtime.resetStorageRequests();
    for (let i = 0; i < 500; i++) {
      const from = { 'x-forwarded-for': `198.51.${i % 250}.${i % 7}` };
      const token = i % 2 === 0 ? `qrm_made-up-${i}` : generateToken();
      expect((await list({ ...from, authorization: `Bearer ${token}` })).status).toBe(401);
    }
    expect(writes()).toEqual({ '/api/v1/batch/set': 1 });

    const minute = minuteStart(clock.now());
    clock.advance(MINUTE);
    await list();
    const counted = (await events({ outcome: 'invalid_token' })).filter((e) => Date.parse(e.at) === minute);
    expect(Object.fromEntries(counted.map((e) => [e.reason, e.count]))).toEqual({ malformed: 250, unknown: 250 });
  });

  it('still audit a known token’s refusals one by one, a few a minute, and count the rest', async () => {
    const clock = fakeClock(minuteStart(Date.now()) + 1_000);
    const { token, tokenView } = await mintToken(runtime);
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: tokenView.id }));
    for (let i = 0; i < 20; i++) expect((await list({ authorization: `Bearer ${token}` })).status).toBe(401);
    clock.advance(MINUTE);
    await list();
    const refusals = (await events({ tokenId: tokenView.id })).filter((e) => e.outcome === 'invalid_token');
    const single = refusals.filter((e) => e.count === null);
    const counted = refusals.filter((e) => e.count !== null);
    expect(single).toHaveLength(5);
    expect(single.every((e) => e.reason === 'revoked')).toBe(true);
    expect(counted.map((e) => [e.reason, e.count])).toEqual([['revoked', 15]]);
  });
});

describe('the per-token budget', () => {
  it('cannot be reset by junk tokens: only tokens that passed their look-up have a budget', async () => {
    fakeClock(); // no refill while the junk goes by
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, requestsPerMinutePerToken: 5 } }));
    const { token } = await mintToken(runtime, { name: 'leaked' });
    // The first request is its look-up; the next four spend four of its five.
    for (let i = 0; i < 5; i++) expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
    // More junk than the limiter holds budgets: before, each junk token got one and pushed the leaked token's out.
    for (let i = 0; i < 10_100; i++) await list({ authorization: `Bearer qrm_junk${i}` });
    for (let i = 0; i < 400; i++) await list({ authorization: `Bearer ${generateToken()}` });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await list({ authorization: `Bearer ${token}` })).status);
    expect(statuses).toEqual([200, 429, 429]);
  });
});

describe('inputs', () => {
  it('answers a bad percent-encoding in the path with 400, not a 500', async () => {
    const { token } = await mintToken(runtime);
    const answer = await callTrigger(runtime, { url: '/polls/%E0%A4%A', headers: { authorization: `Bearer ${token}` } });
    expect(answer).toMatchObject({ status: 400, json: { code: 'invalid_request', errors: [{ field: '(path)' }] } });
  });

  it('refuses a token sent in Authorization without the Bearer scheme', async () => {
    const { token } = await mintToken(runtime);
    expect((await list({ authorization: token })).status).toBe(401);
    expect((await list({ authorization: `Basic ${token}` })).status).toBe(401);
    expect((await list({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a token given twice, in the header or the query', async () => {
    const { token } = await mintToken(runtime);
    expect(
      (
        await callTrigger(runtime, {
          url: '/polls?workspace=PLAT&content=PLAT-1',
          headers: { Authorization: [`Bearer ${token}`, `Bearer ${token}`] },
        })
      ).status,
    ).toBe(401);
    expect((await callTrigger(runtime, { url: `/polls?workspace=PLAT&content=PLAT-1&token=${token}&token=${token}` })).status).toBe(401);
  });

  it.each([
    ['a NUL byte', 'Lunch\u0000?'],
    ['a lone surrogate', 'Lunch \ud83d?'],
    ['a control character', 'Lunch\u0007'],
  ])('refuses %s in a poll title, naming the field', async (_what, title) => {
    const { token } = await mintToken(runtime);
    const answer = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...STAR_POLL, title, workspace: 'PLAT', content: 'PLAT-1' }),
    });
    expect(answer).toMatchObject({
      status: 400,
      json: { errors: [{ field: 'title', message: expect.stringMatching(/control characters/) }] },
    });
  });

  it('refuses a NUL byte or a lone surrogate in a token name', async () => {
    for (const name of ['bad\u0000name', 'bad \udc00 name']) {
      const result = await callResolver(runtime, 'tokens/create', {
        name,
        scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
        expiresAt: new Date(Date.now() + MINUTE * 60).toISOString(),
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'name' }] } });
    }
  });

  it('keeps what a caller chose short and printable in the audit log', async () => {
    const { token, tokenView } = await mintToken(runtime, {
      scope: { jiraProjects: ['OPS'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
    });
    const auth = { authorization: `Bearer ${token}` };
    const outside = await mintToken(runtime, { name: 'writer' });
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: { ...JSON_HEADERS, authorization: `Bearer ${outside.token}` },
      body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-1' }),
    });
    expect((await callTrigger(runtime, { url: `/polls/${created.json.id}`, headers: auth })).status).toBe(404);
    expect((await callTrigger(runtime, { url: `/polls/${'x'.repeat(5000)}%0A`, headers: auth })).status).toBe(404);
    const logged = await events({ tokenId: tokenView.id });
    expect(logged.find((e) => e.outcome === 'insufficient_scope')).toMatchObject({ pollId: created.json.id, reason: 'poll_outside_scope' });
    for (const event of logged) {
      for (const value of Object.values(event)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(200);
    }
  });

  it('records an operation that failed as failed, with its status and code, never as ok', async () => {
    const clock = fakeClock(minuteStart(Date.now()) + 1_000);
    const { token, tokenView } = await mintToken(runtime);
    const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
    const missing = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
    expect((await callTrigger(runtime, { method: 'PATCH', url: `/polls/${missing}`, headers: auth, body: '{"title":"x"}' })).status).toBe(
      404,
    );
    expect(
      (await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: '{"workspace":"PLAT","content":"PLAT-1"}' }))
        .status,
    ).toBe(400);
    clock.advance(MINUTE);
    await list({ authorization: `Bearer ${token}` });
    const logged = await events({ tokenId: tokenView.id });
    expect(logged.filter((e) => e.outcome === 'ok')).toEqual([]);
    expect(
      logged
        .filter((e) => e.outcome === 'failed')
        .map((e) => [e.operation, e.reason, e.count])
        .sort(),
    ).toEqual([
      ['create', '400 invalid_request', 1],
      ['update', '404 not_found', 1],
    ]);
  });
});

describe('If-Match (RFC 9110, 13.1.1)', () => {
  async function pollAtVersion2(): Promise<{ url: string; auth: Record<string, string> }> {
    const { token } = await mintToken(runtime);
    const auth = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: '/polls',
      headers: auth,
      body: JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-2' }),
    });
    const url = `/polls/${created.json.id}`;
    await callTrigger(runtime, { method: 'PATCH', url, headers: auth, body: '{"title":"Second"}' });
    return { url, auth };
  }
  const patch = (url: string, auth: Record<string, string>, ifMatch: string | string[]) =>
    callTrigger(runtime, { method: 'PATCH', url, headers: { ...auth, 'if-match': ifMatch }, body: '{"title":"Third"}' });

  it('succeeds when any entity tag of a list is the current one', async () => {
    const { url, auth } = await pollAtVersion2();
    expect((await patch(url, auth, '"v1", "v2"')).status).toBe(200);
  });

  it('reads several If-Match lines as one list', async () => {
    const { url, auth } = await pollAtVersion2();
    expect((await patch(url, auth, ['"v1"', '"v2"'])).status).toBe(200);
  });

  it('never matches a weak entity tag, as the strong comparison requires', async () => {
    const { url, auth } = await pollAtVersion2();
    expect(await patch(url, auth, 'W/"v2"')).toMatchObject({ status: 412, json: { code: 'precondition_failed' } });
  });

  it('answers 412 for * when the poll does not exist', async () => {
    const { auth } = await pollAtVersion2();
    expect((await patch('/polls/6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e', auth, '*')).status).toBe(412);
  });
});
