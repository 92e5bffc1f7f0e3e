import { kvs, MetadataField, Sort } from '@forge/kvs';
import type { LocalRuntime } from '../../local/runtime';
import { ENTITY, INDEX } from '../../src/platform/storage-names';
import type { AuditEvent, Policy } from '../../src/shared/tokens';
import { callResolver, DAY_MS, inDays, mintToken, quorumRuntime, tokenInput, unwrap } from '../support/quorum';
import { callTrigger } from '../support/trigger';

/** The policy binds tokens minted under an older one; the lifecycle leaves nothing half-written. */
let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

async function setPolicy(change: Partial<Policy>): Promise<void> {
  const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
  unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, ...change } }));
}

const use = async (token: string): Promise<number> =>
  (await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-1', headers: { authorization: `Bearer ${token}` } })).status;

async function viewOf(id: string) {
  return unwrap(await callResolver(runtime, 'tokens/list', { limit: 100 })).tokens.find((t) => t.id === id)!;
}

async function auditEvents(): Promise<AuditEvent[]> {
  return unwrap(await callResolver(runtime, 'audit/list', { limit: 100 })).events;
}

const ANYWHERE = { jiraProjects: [], confluenceSpaces: [], anyWorkspace: true, operations: ['read' as const] };

describe('a policy that tightens after tokens were minted', () => {
  it('blocks an any-workspace token once such tokens are no longer allowed, and lets it work again when they are', async () => {
    await setPolicy({ allowAnyWorkspace: true });
    const { token, tokenView } = await mintToken(runtime, { scope: ANYWHERE });
    expect(await use(token)).toBe(200);
    await setPolicy({ allowAnyWorkspace: false });
    expect(await use(token)).toBe(401);
    expect(await viewOf(tokenView.id)).toMatchObject({ status: 'blocked', blockedBy: expect.stringMatching(/any project or space/) });
    expect((await auditEvents()).find((e) => e.tokenId === tokenView.id && e.outcome === 'invalid_token')).toMatchObject({
      reason: 'blocked_any_workspace',
    });
    await setPolicy({ allowAnyWorkspace: true });
    expect(await use(token)).toBe(200);
    expect(await viewOf(tokenView.id)).toMatchObject({ status: 'active', blockedBy: null });
  });

  it('blocks a token that never expires once the policy requires an expiry', async () => {
    await setPolicy({ allowNeverExpires: true });
    const { token, tokenView } = await mintToken(runtime, { expiresAt: null });
    await setPolicy({ allowNeverExpires: false });
    expect(await use(token)).toBe(401);
    expect(await viewOf(tokenView.id)).toMatchObject({ status: 'blocked', blockedBy: expect.stringMatching(/never expire/) });
  });

  it('blocks a token whose lifetime is longer than a lowered maximum', async () => {
    const { token, tokenView } = await mintToken(runtime, { expiresAt: inDays(300) });
    const short = await mintToken(runtime, { expiresAt: inDays(20) });
    await setPolicy({ maxLifetimeDays: 30 });
    expect(await use(token)).toBe(401);
    expect(await use(short.token)).toBe(200);
    expect(await viewOf(tokenView.id)).toMatchObject({ status: 'blocked', blockedBy: expect.stringMatching(/lifetime/) });
  });

  it('lists blocked tokens under their own status filter', async () => {
    const { tokenView } = await mintToken(runtime, { expiresAt: inDays(300) });
    await mintToken(runtime, { expiresAt: inDays(10) });
    await setPolicy({ maxLifetimeDays: 30 });
    const { tokens } = unwrap(await callResolver(runtime, 'tokens/list', { status: 'blocked' }));
    expect(tokens.map((t) => t.id)).toEqual([tokenView.id]);
  });
});

describe('rotating under the current policy', () => {
  it('refuses, with a clear message, to rotate a token into a scope the policy forbids', async () => {
    await setPolicy({ allowAnyWorkspace: true });
    const { tokenView } = await mintToken(runtime, { scope: ANYWHERE });
    await setPolicy({ allowAnyWorkspace: false });
    const result = await callResolver(runtime, 'tokens/rotate', { id: tokenView.id });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/create a new token/), fields: [{ field: 'scope.anyWorkspace' }] },
    });
    expect(await viewOf(tokenView.id)).toMatchObject({ status: 'blocked', revokedAt: null });
  });

  it('gives the new token an expiry within the policy: set when required, shortened when too far', async () => {
    await setPolicy({ allowNeverExpires: true });
    const forever = await mintToken(runtime, { expiresAt: null });
    const far = await mintToken(runtime, { expiresAt: inDays(200) });
    await setPolicy({ allowNeverExpires: false, maxLifetimeDays: 60 });
    const before = Date.now();
    for (const minted of [forever, far]) {
      const rotated = unwrap(await callResolver(runtime, 'tokens/rotate', { id: minted.tokenView.id }));
      const expiresAt = Date.parse(rotated.tokenView.expiresAt ?? '');
      expect(expiresAt).toBeGreaterThanOrEqual(before + 60 * DAY_MS);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60 * DAY_MS);
      expect(rotated.tokenView.status).toBe('active');
      expect(await use(rotated.token)).toBe(200);
    }
    const rotations = (await auditEvents()).filter((e) => e.outcome === 'token_rotated');
    expect(rotations.every((e) => /expiry set to .* by the policy/.test(e.reason ?? ''))).toBe(true);
  });
});

describe('creating a token when storage fails', () => {
  it('leaves nothing behind whichever of its storage requests fails: no token, no name taken, no event', async () => {
    for (let failing = 0; ; failing++) {
      runtime.resetStorageRequests();
      runtime.failStorage(1, { after: failing });
      const result = await callResolver(runtime, 'tokens/create', tokenInput({ name: 'Nightly sync' }));
      runtime.failStorage(0);
      if (result.ok) {
        // Every request before this one was failed once, and left nothing behind.
        expect(failing).toBeGreaterThan(0);
        break;
      }
      const { tokens } = unwrap(await callResolver(runtime, 'tokens/list', {}));
      expect(tokens).toEqual([]);
      expect((await auditEvents()).filter((e) => e.outcome === 'token_created')).toEqual([]);
      const claims = await runtime.run(() => kvs.entity(ENTITY.tokenName).query().index('by-key').getMany());
      expect(claims.results).toEqual([]);
    }
    expect(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens.map((t) => t.name)).toEqual(['Nightly sync']);
  });
});

describe('revoke-all', () => {
  it('leaves no token active that existed, or was rotated from one that existed, when it started', async () => {
    runtime.delayStorage(3);
    for (let round = 0; round < 6; round++) {
      const minted = await Promise.all([0, 1, 2].map((i) => mintToken(runtime, { name: `round ${round} token ${i}` })));
      const rotations = minted.map((m) => callResolver(runtime, 'tokens/rotate', { id: m.tokenView.id }));
      const revokedAll = callResolver(runtime, 'tokens/revokeAll', {});
      unwrap(await revokedAll);
      const answers = await Promise.all(rotations);
      for (const minted2 of minted) expect(await use(minted2.token)).toBe(401);
      for (const answer of answers) if (answer.ok) expect(await use(answer.data.token)).toBe(401);
      const { tokens } = unwrap(await callResolver(runtime, 'tokens/list', { limit: 100, status: 'active' }));
      expect(tokens).toEqual([]);
    }
  });

  it('costs a page of the list per 100 tokens and one write, whatever their number', async () => {
    await Promise.all(Array.from({ length: 150 }, (_, i) => mintToken(runtime, { name: `many ${i}` })));
    runtime.resetStorageRequests();
    expect(unwrap(await callResolver(runtime, 'tokens/revokeAll', {}))).toEqual({ revoked: 150 });
    expect(runtime.storageRequests().byPath).toEqual({ '/api/v1/batch/get': 1, '/api/v1/entity/query': 2, '/api/v1/transaction': 1 });
    expect(unwrap(await callResolver(runtime, 'tokens/list', { status: 'active' })).tokens).toEqual([]);
  });

  it('keeps the later of two revoke-alls, so none that the later one revoked comes back', async () => {
    const { token } = await mintToken(runtime, { name: 'between' });
    // The earlier one is recorded after the later: it must not move the cutoff back before `between`.
    await runtime.run(async () => {
      const { writeRevocation } = await import('../../src/platform/policy-store');
      expect(await writeRevocation(new Date(Date.now() + 1_000).toISOString())).toBe(true);
      expect(await writeRevocation(new Date(Date.now() - 60_000).toISOString())).toBe(false);
    });
    expect(await use(token)).toBe(401);
  });

  it('records one event with how many tokens it revoked', async () => {
    await Promise.all([mintToken(runtime), mintToken(runtime)]);
    unwrap(await callResolver(runtime, 'tokens/revokeAll', {}));
    expect((await auditEvents()).find((e) => e.outcome === 'tokens_revoked_all')).toMatchObject({
      count: 2,
      actorAccountId: 'local-admin',
    });
  });
});

describe('policy events', () => {
  it('record what changed and keep the longer of the two retentions', async () => {
    await setPolicy({ auditRetentionDays: 7, allowAnyWorkspace: true });
    const newest = await runtime.run(() =>
      kvs
        .entity(ENTITY.auditEvent)
        .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
        .index(INDEX.auditByTime)
        .sort(Sort.DESC)
        .limit(1)
        .getMany(),
    );
    const [event] = newest.results as Array<{ value: AuditEvent; expireTime?: string }>;
    expect(event?.value).toMatchObject({ outcome: 'policy_updated', reason: 'allowAnyWorkspace false → true; auditRetentionDays 90 → 7' });
    expect(Math.abs(Date.parse(event?.expireTime ?? '') - (Date.now() + 90 * DAY_MS))).toBeLessThan(60_000);
  });
});
