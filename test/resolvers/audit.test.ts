import { kvs, MetadataField, Sort } from '@forge/kvs';
import type { LocalRuntime } from '../../local/runtime';
import { ENTITY, INDEX } from '../../src/platform/storage-names';
import { DAY_MS, callResolver, mintToken, quorumRuntime, unwrap } from '../support/quorum';
import { callTrigger, teamVoiceUrl } from '../support/trigger';

let runtime: LocalRuntime;
beforeEach(() => {
  runtime = quorumRuntime();
});
afterEach(() => runtime.close());

const list = async (payload: Record<string, unknown> = {}) => unwrap(await callResolver(runtime, 'audit/list', payload));

describe('audit/list', () => {
  it('records every token and policy change, newest first, with the admin who made it', async () => {
    const minted = await mintToken(runtime);
    unwrap(await callResolver(runtime, 'tokens/rotate', { id: minted.tokenView.id }));
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, auditRetentionDays: 30 } }));
    const { events } = await list();
    expect(events.map((e) => e.outcome)).toEqual(['policy_updated', 'token_rotated', 'token_created']);
    expect(events.every((e) => e.actorAccountId === 'local-admin')).toBe(true);
    expect(events[1]).toMatchObject({ tokenId: minted.tokenView.id, reason: expect.stringMatching(/^replaced by [0-9a-f-]{36}$/) });
  });

  it('records API use with the operation, workspace and poll id, and never the token', async () => {
    const { token, tokenView } = await mintToken(runtime);
    const created = await callTrigger(runtime, {
      method: 'POST',
      url: teamVoiceUrl({ token, type: 'polls', workspace: 'PLAT', content: 'PLAT-4' }),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Q', options: [{ title: 'a' }, { title: 'b' }] }),
    });
    const { events } = await list({ tokenId: tokenView.id, outcome: 'ok' });
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'ok',
        tokenId: tokenView.id,
        method: 'POST',
        operation: 'create',
        workspace: 'PLAT',
        pollId: created.json.id,
        reason: null,
      }),
    ]);
    expect(JSON.stringify(await list())).not.toContain(token);
  });

  it('filters by token and by outcome, and pages with a cursor without repeats', async () => {
    const a = await mintToken(runtime, { name: 'A' });
    const b = await mintToken(runtime, { name: 'B' });
    for (let i = 0; i < 4; i++) {
      await callTrigger(runtime, {
        method: 'POST',
        url: teamVoiceUrl({ token: a.token, type: 'polls', workspace: 'PLAT', content: 'PLAT-1' }),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Q${i}`, options: [{ title: 'a' }, { title: 'b' }] }),
      });
    }
    await callTrigger(runtime, { url: teamVoiceUrl({ token: b.token, type: 'polls', workspace: 'OPS', content: 'OPS-1' }) });
    expect((await list({ tokenId: b.tokenView.id })).events.map((e) => e.outcome)).toEqual(['insufficient_scope', 'token_created']);
    expect((await list({ outcome: 'insufficient_scope' })).events.map((e) => e.tokenId)).toEqual([b.tokenView.id]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ tokenId: a.tokenView.id, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('rejects unknown filters and limits out of range as VALIDATION', async () => {
    const result = await callResolver(runtime, 'audit/list', { outcome: 'maybe', limit: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!result.ok) expect(result.error.fields?.map((f) => f.field).sort()).toEqual(['limit', 'outcome']);
  });

  it('keeps each event for the policy’s retention period through the storage TTL', async () => {
    const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
    unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, auditRetentionDays: 7 } }));
    await mintToken(runtime);
    const newest = await runtime.run(() =>
      kvs
        .entity(ENTITY.auditEvent)
        .query({ metadataFields: [MetadataField.EXPIRE_TIME] })
        .index(INDEX.auditByTime)
        .sort(Sort.DESC)
        .limit(1)
        .getMany(),
    );
    const expireTime = Date.parse(String((newest.results[0] as { expireTime?: string }).expireTime));
    expect(Math.abs(expireTime - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
  });
});
