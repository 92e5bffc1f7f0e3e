import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalRuntime } from '../../local/runtime';
import type { AuditEvent, Operation } from '../../src/shared/tokens';
import { authenticate, checkPresented } from '../../src/tokens/authenticate';
import { generateToken } from '../../src/tokens/token-format';
import { tempDir } from '../support/local-process';
import { callResolver, DAY_MS, inDays, mintToken, quorumRuntime, unwrap } from '../support/quorum';
import { fakeClock } from '../support/clock';
import { appHeaders, callTrigger, teamVoiceUrl } from '../support/trigger';

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

const listPlat1 = (token?: string): string => teamVoiceUrl({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-1' });

/** Authenticates a token at a given time, as the web trigger does before it answers. */
function verify(token: string, at: Date) {
  return runtime.run(async () => {
    const presented = checkPresented({ value: token, source: 'header' });
    return presented.ok ? authenticate(presented, at) : presented;
  });
}

async function auditEvents(): Promise<AuditEvent[]> {
  return unwrap(await callResolver(runtime, 'audit/list', { limit: 100 })).events;
}

describe('authenticating web trigger requests', () => {
  it('accepts a fresh token in the query and as a Bearer header', async () => {
    const { token } = await mintToken(runtime);
    expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(200);
    const viaHeader = await callTrigger(runtime, { url: listPlat1(), headers: { authorization: `Bearer ${token}` } });
    expect(viaHeader).toMatchObject({ status: 200, json: [] });
  });

  it('answers every kind of invalid token with one identical 401, and audits the real reason', async () => {
    const clock = fakeClock();
    const expired = await mintToken(runtime, { name: 'expiring', expiresAt: inDays(1) });
    const revoked = await mintToken(runtime, { name: 'revoked' });
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: revoked.tokenView.id }));
    const valid = generateToken();
    const checksumTypo = valid.slice(0, 10) + (valid[10] === 'a' ? 'b' : 'a') + valid.slice(11);
    clock.advance(2 * DAY_MS);

    const cases: Array<[string, string | undefined, Record<string, string>]> = [
      ['missing', undefined, {}],
      ['malformed', 'hunter2', {}],
      ['checksum', checksumTypo, {}],
      ['unknown', generateToken(), {}],
      ['expired', expired.token, {}],
      ['revoked', revoked.token, {}],
      ['malformed', undefined, { authorization: 'Basic dXNlcjpwYXNz' }],
      ['malformed', undefined, { authorization: valid }],
    ];
    const answers = [];
    for (const [, token, headers] of cases) answers.push(await callTrigger(runtime, { url: listPlat1(token), headers }));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(appHeaders(answer.headers)).toEqual(appHeaders(answers[0]!.headers));
      expect(answer.body).toBe(answers[0]!.body);
    }
    expect(answers[0]!.headers['www-authenticate']).toEqual(['Bearer realm="quorum", error="invalid_token"']);
    expect(answers[0]!.json).toMatchObject({ status: 401, code: 'invalid_token', errors: [] });

    // Known tokens: one event each. Garbage and unknown tokens: counts by reason, written a minute later.
    const minute = Math.floor(clock.now() / 60_000) * 60_000;
    clock.advance(60_000);
    await callTrigger(runtime, { url: listPlat1('nothing') });
    const refusals = (await auditEvents()).filter((e) => e.outcome === 'invalid_token');
    expect(refusals.filter((e) => e.tokenId !== null).map((e) => [e.reason, e.tokenId, e.count])).toEqual(
      expect.arrayContaining([
        ['expired', expired.tokenView.id, null],
        ['revoked', revoked.tokenView.id, null],
      ]),
    );
    const counted = new Map<string, number>();
    for (const e of refusals.filter((e) => e.tokenId === null && Date.parse(e.at) === minute)) {
      counted.set(e.reason ?? '', (counted.get(e.reason ?? '') ?? 0) + (e.count ?? 0));
    }
    expect(Object.fromEntries(counted)).toEqual({ missing: 1, malformed: 3, checksum: 1, unknown: 1 });
  });

  it('stops accepting ?token= once the policy says header only, but keeps accepting the header', async () => {
    const { token, tokenView } = await mintToken(runtime);
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, acceptQueryToken: false } }));
    expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(401);
    expect((await callTrigger(runtime, { url: listPlat1(), headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await auditEvents()).find((e) => e.reason === 'query_token_disabled')?.tokenId).toBe(tokenView.id);
  });

  it('treats a token as expired from its expiry instant on', async () => {
    const expiresAt = inDays(3);
    const { token } = await mintToken(runtime, { expiresAt });
    const at = Date.parse(expiresAt);
    const before = await verify(token, new Date(at - 1));
    const atInstant = await verify(token, new Date(at));
    expect(before.ok).toBe(true);
    expect(atInstant).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a revoked token on the very next request', async () => {
    const { token, tokenView } = await mintToken(runtime);
    expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(200);
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: tokenView.id }));
    expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(401);
  });

  it('refuses the old secret and accepts the new one right after a rotation', async () => {
    const original = await mintToken(runtime);
    const rotated = unwrap(await callResolver(runtime, 'tokens/rotate', { id: original.tokenView.id }));
    expect((await callTrigger(runtime, { url: listPlat1(original.token) })).status).toBe(401);
    expect((await callTrigger(runtime, { url: listPlat1(rotated.token) })).status).toBe(200);
  });

  it('stops every token at once after revoke-all', async () => {
    const tokens = await Promise.all([mintToken(runtime), mintToken(runtime)]);
    unwrap(await callResolver(runtime, 'tokens/revokeAll', {}));
    for (const { token } of tokens) expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(401);
  });

  it('costs one storage read for a valid token and none for garbage', async () => {
    const { token } = await mintToken(runtime);
    await callTrigger(runtime, { url: listPlat1(token) }); // the first use also records lastUsedAt
    runtime.resetStorageRequests();
    await callTrigger(runtime, { url: listPlat1(token) });
    const valid = runtime.storageRequests().byPath;
    expect(valid['/api/v1/batch/get']).toBe(1);
    expect(valid['/api/v1/entity/get'] ?? 0).toBe(0);
    expect(valid['/api/v1/get'] ?? 0).toBe(0);

    runtime.resetStorageRequests();
    const wellFormed = generateToken();
    // The last checksum character changed to another: a typo the checksum must catch.
    const typo = wellFormed.slice(0, -1) + (wellFormed.endsWith('0') ? '1' : '0');
    for (const garbage of ['nope', typo, 'qrm_' + '!'.repeat(36)]) await callTrigger(runtime, { url: listPlat1(garbage) });
    const reads = Object.entries(runtime.storageRequests().byPath).filter(([p]) => /get|query/.test(p));
    expect(reads).toEqual([]);
  });

  it('records lastUsedAt, with the token’s counts, at its first use in a minute and not again that minute', async () => {
    const clock = fakeClock(Math.floor(Date.now() / 60_000) * 60_000 + 5_000);
    const { token, tokenView } = await mintToken(runtime);
    const lastUsed = async (): Promise<string | null> =>
      unwrap(await callResolver(runtime, 'tokens/list', {})).tokens.find((t) => t.id === tokenView.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    runtime.resetStorageRequests();
    await callTrigger(runtime, { url: listPlat1(token) });
    expect(runtime.storageRequests().byPath['/api/v1/transaction']).toBe(1);
    const first = await lastUsed();
    expect(first).toBe(new Date(clock.now()).toISOString());

    clock.advance(20_000);
    runtime.resetStorageRequests();
    for (let i = 0; i < 5; i++) await callTrigger(runtime, { url: listPlat1(token) });
    expect(runtime.storageRequests().byPath).toEqual({ '/api/v1/batch/get': 5, '/api/v1/entity/query': 5 });
    expect(await lastUsed()).toBe(first);

    clock.advance(60_000);
    await callTrigger(runtime, { url: listPlat1(token) });
    expect(await lastUsed()).toBe(new Date(clock.now()).toISOString());
    const reads = (await auditEvents()).filter((e) => e.outcome === 'read' && e.tokenId === tokenView.id);
    expect(reads.map((e) => [e.count, e.workspace, e.operation])).toEqual([
      [1, 'PLAT', 'read'],
      [6, 'PLAT', 'read'],
    ]);
  });
});

describe('scope', () => {
  const METHOD: Record<Operation, string> = { read: 'GET', create: 'POST', update: 'PUT', delete: 'DELETE' };
  const PRESETS: Record<string, Operation[]> = {
    'read-only': ['read'],
    'create-only': ['create'],
    'read & write': ['read', 'create', 'update', 'delete'],
  };

  it.each(Object.entries(PRESETS))('lets a %s token do exactly its operations, and only in its project', async (_preset, operations) => {
    const { token } = await mintToken(runtime, {
      scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations },
    });
    for (const operation of ['read', 'create', 'update', 'delete'] as const) {
      for (const project of ['PLAT', 'OPS']) {
        const answer = await callTrigger(runtime, {
          method: METHOD[operation],
          url: teamVoiceUrl({
            token,
            type: 'polls',
            workspace: project,
            content: `${project}-1`,
            pollId: operation === 'update' || operation === 'delete' ? '00000000-0000-4000-8000-000000000000' : undefined,
          }),
          headers: { 'content-type': 'application/json' },
          body:
            operation === 'create' || operation === 'update'
              ? JSON.stringify({ title: 'Q?', options: [{ title: 'a' }, { title: 'b' }] })
              : '',
        });
        const granted = operations.includes(operation) && project === 'PLAT';
        if (granted) expect([200, 404]).toContain(answer.status);
        else expect(answer).toMatchObject({ status: 403, json: { code: 'insufficient_scope' } });
      }
    }
  });

  it('lets an any-workspace token act in every project and space', async () => {
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, allowAnyWorkspace: true } }));
    const { token } = await mintToken(runtime, {
      scope: { jiraProjects: [], confluenceSpaces: [], anyWorkspace: true, operations: ['read'] },
    });
    for (const [workspace, content, container] of [
      ['PLAT', 'PLAT-2', undefined],
      ['OPS', 'OPS-3', undefined],
      ['1002', '3001', 'macro-1'],
    ]) {
      expect((await callTrigger(runtime, { url: teamVoiceUrl({ token, type: 'polls', workspace, content, container }) })).status).toBe(200);
    }
  });

  it('audits a refusal for scope with the token, operation and workspace', async () => {
    const { token, tokenView } = await mintToken(runtime);
    await callTrigger(runtime, { url: teamVoiceUrl({ token, type: 'polls', workspace: 'OPS', content: 'OPS-1' }) });
    expect((await auditEvents()).find((e) => e.outcome === 'insufficient_scope')).toMatchObject({
      tokenId: tokenView.id,
      operation: 'read',
      workspace: 'OPS',
      reason: 'workspace_not_granted',
      method: 'GET',
    });
  });
});

describe('secrets at rest', () => {
  it('never writes a token’s plaintext to the embedded database', async () => {
    const dir = tempDir('quorum-at-rest');
    const durable = quorumRuntime({ storage: { kind: 'lmdb', dir } });
    try {
      const minted = unwrap(
        await callResolver(durable, 'tokens/create', {
          name: 'at rest',
          scope: { jiraProjects: ['PLAT'], confluenceSpaces: [], anyWorkspace: false, operations: ['read'] },
          expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
        }),
      );
      const rotated = unwrap(await callResolver(durable, 'tokens/rotate', { id: minted.tokenView.id }));
      await callTrigger(durable, { url: listPlat1(rotated.token) });
      await callTrigger(durable, { url: listPlat1(minted.token) });
      await durable.close();
      const bytes = Buffer.concat(readdirSync(dir).map((file) => readFileSync(path.join(dir, file))));
      expect(bytes.length).toBeGreaterThan(0);
      for (const secret of [minted.token, rotated.token]) {
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
        expect(bytes.includes(Buffer.from(secret.slice(4, 34)))).toBe(false);
      }
    } finally {
      await durable.close().catch(() => undefined);
    }
  });
});

describe('rate limits', () => {
  async function withPolicy(change: Record<string, number>): Promise<void> {
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, ...change } }));
  }

  it('answers 429 with Retry-After once a token spends its budget, without touching storage', async () => {
    await withPolicy({ requestsPerMinutePerToken: 5 });
    const { token } = await mintToken(runtime, { name: 'busy' });
    const other = await mintToken(runtime, { name: 'calm' });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await callTrigger(runtime, { url: listPlat1(token) })).status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.at(-1)).toBe(429);
    runtime.resetStorageRequests();
    const limited = await callTrigger(runtime, { url: listPlat1(token) });
    expect(limited).toMatchObject({ status: 429, json: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after']?.[0])).toBeGreaterThanOrEqual(1);
    expect(runtime.storageRequests().total).toBe(0);
    expect((await callTrigger(runtime, { url: listPlat1(other.token) })).status).toBe(200);
  });

  it('answers 429 to look-ups of well-formed unknown tokens past the installation’s budget, while a known token goes on', async () => {
    await withPolicy({ unknownTokenLookupsPerMinute: 3 });
    const { token } = await mintToken(runtime);
    await callTrigger(runtime, { url: listPlat1(token) }); // the limiter learns the new policy
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await callTrigger(runtime, { url: listPlat1(generateToken()) })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    runtime.resetStorageRequests();
    expect((await callTrigger(runtime, { url: listPlat1('garbage') })).status).toBe(401);
    expect(runtime.storageRequests().total).toBe(0);
    expect((await callTrigger(runtime, { url: listPlat1(token) })).status).toBe(200);
  });
});
