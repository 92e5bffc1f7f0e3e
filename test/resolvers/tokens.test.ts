import { createHash } from 'node:crypto';
import type { LocalRuntime } from '../../local/runtime';
import type { ResolverKey } from '../../src/shared/resolver-contract';
import { DEFAULT_POLICY } from '../../src/shared/tokens';
import { callResolver, inDays, mintToken, quorumRuntime, READ_WRITE_PLAT, tokenInput, unwrap } from '../support/quorum';

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

const EVERY_RESOLVER: Array<[ResolverKey, object]> = [
  ['tokens/list', {}],
  ['tokens/create', tokenInput()],
  ['tokens/revoke', { id: '00000000-0000-4000-8000-000000000000' }],
  ['tokens/rotate', { id: '00000000-0000-4000-8000-000000000000' }],
  ['tokens/revokeAll', {}],
  ['audit/list', {}],
  ['settings/get', {}],
  ['settings/update', { policy: { ...DEFAULT_POLICY, maxLifetimeDays: 1 } }],
  ['site/workspaces', {}],
  ['api/info', {}],
];

describe('admin resolvers', () => {
  it.each(EVERY_RESOLVER)('%s answers FORBIDDEN to a user who is not a site admin, and changes nothing', async (key, payload) => {
    const existing = await mintToken(runtime);
    await expect(callResolver(runtime, key, payload, 'local-user')).resolves.toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira or Confluence site admins can manage Quorum.' },
    });
    const { tokens } = unwrap(await callResolver(runtime, 'tokens/list', {}));
    expect(tokens).toEqual([existing.tokenView]);
  });

  it('lists the site’s projects and spaces for the scope picker', async () => {
    expect(unwrap(await callResolver(runtime, 'site/workspaces', {}))).toEqual({
      jiraProjects: [
        { key: 'PLAT', name: 'Platform' },
        { key: 'OPS', name: 'Operations' },
      ],
      confluenceSpaces: [
        { id: '1001', key: 'ENG', name: 'Engineering' },
        { id: '1002', key: 'HR', name: 'Human Resources' },
      ],
    });
  });
});

describe('tokens/create', () => {
  it('returns the token once, with a view that holds neither the token nor its hash', async () => {
    const { token, tokenView } = await mintToken(runtime, { name: 'Automation: triage', expiresAt: inDays(30) });
    expect(token).toMatch(/^qrm_[0-9A-Za-z]{36}$/);
    expect(tokenView).toMatchObject({
      name: 'Automation: triage',
      hint: `qrm_…${token.slice(-4)}`,
      createdBy: 'local-admin',
      status: 'active',
      lastUsedAt: null,
      revokedAt: null,
      rotatedFrom: null,
    });
    const listed = JSON.stringify(unwrap(await callResolver(runtime, 'tokens/list', {})));
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('normalises the scope: sorted, without duplicates, operations in canonical order', async () => {
    const { tokenView } = await mintToken(runtime, {
      scope: {
        jiraProjects: ['PLAT', 'OPS', 'PLAT'],
        confluenceSpaces: ['1002', '1001'],
        anyWorkspace: false,
        operations: ['delete', 'read', 'read'],
      },
    });
    expect(tokenView.scope).toEqual({
      jiraProjects: ['OPS', 'PLAT'],
      confluenceSpaces: ['1001', '1002'],
      anyWorkspace: false,
      operations: ['read', 'delete'],
    });
  });

  it.each([
    ['an empty name', { name: '   ' }, 'name'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
    ['no operations', { scope: { ...READ_WRITE_PLAT, operations: [] } }, 'scope.operations'],
    ['an unknown operation', { scope: { ...READ_WRITE_PLAT, operations: ['admin'] } }, 'scope.operations.0'],
    ['a malformed project key', { scope: { ...READ_WRITE_PLAT, jiraProjects: ['plat'] } }, 'scope.jiraProjects.0'],
    ['a project key the site does not have', { scope: { ...READ_WRITE_PLAT, jiraProjects: ['PLAT', 'NOPE'] } }, 'scope.jiraProjects.1'],
    ['a space id the site does not have', { scope: { ...READ_WRITE_PLAT, confluenceSpaces: ['9999'] } }, 'scope.confluenceSpaces.0'],
    ['neither projects nor spaces', { scope: { ...READ_WRITE_PLAT, jiraProjects: [] } }, 'scope'],
    [
      'any workspace while the policy forbids it',
      { scope: { ...READ_WRITE_PLAT, jiraProjects: [], anyWorkspace: true } },
      'scope.anyWorkspace',
    ],
    ['an expiry in the past', { expiresAt: inDays(-1) }, 'expiresAt'],
    ['an expiry beyond the policy’s 365 days', { expiresAt: inDays(366) }, 'expiresAt'],
    ['no expiry while the policy requires one', { expiresAt: null }, 'expiresAt'],
    ['a malformed expiry', { expiresAt: 'next tuesday' }, 'expiresAt'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('rejects %s as VALIDATION naming the field, and stores nothing', async (_case, overrides, field) => {
    const result = await callResolver(runtime, 'tokens/create', { ...tokenInput(), ...overrides });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.fields?.map((f) => f.field)).toContain(field);
    expect(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens).toEqual([]);
  });

  it('rejects a name already used by a live token, ignoring case and spaces', async () => {
    await mintToken(runtime, { name: 'Nightly sync' });
    const result = await callResolver(runtime, 'tokens/create', tokenInput({ name: '  nightly SYNC ' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ field: 'name' }] } });
  });

  it('lets a revoked token’s name be used again', async () => {
    const first = await mintToken(runtime, { name: 'Reusable' });
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: first.tokenView.id }));
    await expect(mintToken(runtime, { name: 'Reusable' })).resolves.toBeDefined();
  });

  it('allows never-expiring and any-workspace tokens once the policy does', async () => {
    const policy = unwrap(await callResolver(runtime, 'settings/get', {})).policy;
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, allowNeverExpires: true, allowAnyWorkspace: true } }));
    const { tokenView } = await mintToken(runtime, {
      expiresAt: null,
      scope: { ...READ_WRITE_PLAT, jiraProjects: [], anyWorkspace: true },
    });
    expect(tokenView).toMatchObject({ expiresAt: null, scope: { anyWorkspace: true } });
  });

  it('mints 20 tokens concurrently and lists every one', async () => {
    const minted = await Promise.all(Array.from({ length: 20 }, (_, i) => mintToken(runtime, { name: `parallel ${i}` })));
    const listed = unwrap(await callResolver(runtime, 'tokens/list', {})).tokens.map((t) => t.id);
    expect(new Set(listed)).toEqual(new Set(minted.map((m) => m.tokenView.id)));
  });

  it('lets exactly one of 10 concurrent mints with the same name succeed', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => callResolver(runtime, 'tokens/create', tokenInput({ name: 'race' }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens).toHaveLength(1);
  });
});

describe('tokens/revoke, tokens/rotate, tokens/revokeAll', () => {
  it('revokes a token and keeps it listed as revoked; revoking again changes nothing', async () => {
    const { tokenView } = await mintToken(runtime);
    const revoked = unwrap(await callResolver(runtime, 'tokens/revoke', { id: tokenView.id })).tokenView;
    expect(revoked).toMatchObject({ id: tokenView.id, status: 'revoked' });
    const again = unwrap(await callResolver(runtime, 'tokens/revoke', { id: tokenView.id })).tokenView;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens).toEqual([revoked]);
  });

  it('answers NOT_FOUND for an unknown id and VALIDATION for a malformed one', async () => {
    await expect(callResolver(runtime, 'tokens/revoke', { id: '00000000-0000-4000-8000-000000000000' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await expect(callResolver(runtime, 'tokens/rotate', { id: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: [{ field: 'id' }] },
    });
  });

  it('rotates: a new secret with the same name, scope and expiry, the old token revoked', async () => {
    const original = await mintToken(runtime, { name: 'Rotating' });
    const rotated = unwrap(await callResolver(runtime, 'tokens/rotate', { id: original.tokenView.id }));
    expect(rotated.token).not.toBe(original.token);
    expect(rotated.tokenView).toMatchObject({
      name: 'Rotating',
      scope: original.tokenView.scope,
      expiresAt: original.tokenView.expiresAt,
      rotatedFrom: original.tokenView.id,
      status: 'active',
    });
    const byId = new Map(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens.map((t) => [t.id, t.status]));
    expect(byId.get(original.tokenView.id)).toBe('revoked');
    expect(byId.get(rotated.tokenView.id)).toBe('active');
  });

  it('refuses to rotate a revoked token with CONFLICT', async () => {
    const { tokenView } = await mintToken(runtime);
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: tokenView.id }));
    await expect(callResolver(runtime, 'tokens/rotate', { id: tokenView.id })).resolves.toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('revokes all live tokens and says how many', async () => {
    const minted = await Promise.all([mintToken(runtime), mintToken(runtime), mintToken(runtime)]);
    unwrap(await callResolver(runtime, 'tokens/revoke', { id: minted[0]!.tokenView.id }));
    expect(unwrap(await callResolver(runtime, 'tokens/revokeAll', {}))).toEqual({ revoked: 2 });
    const statuses = unwrap(await callResolver(runtime, 'tokens/list', {})).tokens.map((t) => t.status);
    expect(statuses).toEqual(['revoked', 'revoked', 'revoked']);
  });

  it('survives concurrent revokes and rotations of the same token without losing either', async () => {
    const { tokenView } = await mintToken(runtime);
    const results = await Promise.all([
      callResolver(runtime, 'tokens/revoke', { id: tokenView.id }),
      callResolver(runtime, 'tokens/rotate', { id: tokenView.id }),
      callResolver(runtime, 'tokens/revoke', { id: tokenView.id }),
    ]);
    expect(results.every((r) => r.ok || r.error.code === 'CONFLICT')).toBe(true);
    const tokens = unwrap(await callResolver(runtime, 'tokens/list', {})).tokens;
    expect(tokens.find((t) => t.id === tokenView.id)?.status).toBe('revoked');
  });
});

describe('settings', () => {
  it('starts from the default policy and stores a valid update', async () => {
    expect(unwrap(await callResolver(runtime, 'settings/get', {}))).toEqual({
      policy: {
        maxLifetimeDays: 365,
        allowNeverExpires: false,
        allowAnyWorkspace: false,
        acceptQueryToken: true,
        auditRetentionDays: 90,
        requestsPerMinutePerToken: 300,
        unknownTokenLookupsPerMinute: 300,
        // Native Automation actions are off until an admin turns them on.
        automationActions: { enabled: false, anyWorkspace: false, jiraProjects: [], confluenceSpaces: [] },
      },
    });
    const policy = {
      ...DEFAULT_POLICY,
      maxLifetimeDays: 30,
      acceptQueryToken: false,
      auditRetentionDays: 7,
      requestsPerMinutePerToken: 60,
    };
    expect(unwrap(await callResolver(runtime, 'settings/update', { policy }))).toEqual({ policy });
    expect(unwrap(await callResolver(runtime, 'settings/get', {}))).toEqual({ policy });
  });

  it('rejects an invalid policy naming each bad field, and keeps the old one', async () => {
    const result = await callResolver(runtime, 'settings/update', {
      policy: { ...DEFAULT_POLICY, maxLifetimeDays: 0, allowNeverExpires: 'yes', auditRetentionDays: 9999 },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!result.ok)
      expect(result.error.fields?.map((f) => f.field).sort()).toEqual([
        'policy.allowNeverExpires',
        'policy.auditRetentionDays',
        'policy.maxLifetimeDays',
      ]);
    expect(unwrap(await callResolver(runtime, 'settings/get', {})).policy.maxLifetimeDays).toBe(365);
  });
});
