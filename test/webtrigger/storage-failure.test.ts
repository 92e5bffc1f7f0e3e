import type { LocalRuntime } from '../../local/runtime';
import type { AuditEvent, AuditOutcome } from '../../src/shared/tokens';
import { callResolver, mintToken, quorumRuntime, unwrap } from '../support/quorum';
import { callTrigger, JSON_HEADERS, STAR_POLL } from '../support/trigger';

let runtime: LocalRuntime;
let auth: Record<string, string>;
beforeEach(async () => {
  runtime = quorumRuntime();
  const { token } = await mintToken(runtime);
  auth = { authorization: `Bearer ${token}`, ...JSON_HEADERS };
});
afterEach(() => runtime.close());

const createBody = JSON.stringify({ ...STAR_POLL, workspace: 'PLAT', content: 'PLAT-9' });

async function auditOf(outcome: AuditOutcome): Promise<AuditEvent[]> {
  return unwrap(await callResolver(runtime, 'audit/list', { outcome })).events;
}

describe('when storage fails', () => {
  it('answers 503 with Retry-After as a problem, never a 500 or a stack trace', async () => {
    runtime.failStorage(1);
    const answer = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth });
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': ['5'] }, json: { code: 'storage_unavailable' } });
    expect(answer.body).not.toMatch(/SERVICE_UNAVAILABLE|Injected/);
  });

  it('writes neither the poll nor its audit event when their one transaction fails, and works again afterwards', async () => {
    const list = async (): Promise<unknown[]> =>
      (await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth })).json.polls;
    await list(); // the token's first use this minute records lastUsedAt; from here a create is: auth read, one transaction
    runtime.failStorage(1, { after: 1 });
    const failed = await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: createBody });
    expect(failed).toMatchObject({ status: 503, json: { code: 'storage_unavailable' } });
    expect(await list()).toEqual([]);
    expect((await auditOf('ok')).length).toBe(0);
    const retried = await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: createBody });
    expect(retried.status).toBe(201);
    expect(await list()).toHaveLength(1);
    expect(await auditOf('ok')).toEqual([expect.objectContaining({ pollId: retried.json.id, operation: 'create' })]);
  });

  it('answers a read that the token’s usage write fails after as it would have, and says so only in the log', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // A fresh token's first read is followed by its usage write (lastUsedAt and counts): that write fails.
      const { token } = await mintToken(runtime, { name: 'fresh' });
      runtime.failStorage(1, { after: 2 });
      const read = await callTrigger(runtime, {
        url: '/polls?workspace=PLAT&content=PLAT-9',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(read.status).toBe(200);
      expect(errors).toHaveBeenCalledWith('Could not record token usage', expect.anything());
    } finally {
      errors.mockRestore();
    }
  });

  it('answers UNEXPECTED to the admin page without internals, and keeps the token list intact', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    runtime.failStorage(1000);
    const result = await callResolver(runtime, 'tokens/list', {});
    runtime.failStorage(0);
    errors.mockRestore();
    expect(result).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
    expect(JSON.stringify(result)).not.toMatch(/SERVICE_UNAVAILABLE|Injected/);
    expect(unwrap(await callResolver(runtime, 'tokens/list', {})).tokens).toHaveLength(1);
  });
});
