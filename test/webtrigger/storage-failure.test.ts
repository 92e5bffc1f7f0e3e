import type { LocalRuntime } from '../../local/runtime';
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

describe('when storage fails', () => {
  it('answers 503 with Retry-After as a problem, never a 500 or a stack trace', async () => {
    runtime.failStorage(1);
    const answer = await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth });
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': ['5'] }, json: { code: 'storage_unavailable' } });
    expect(answer.body).not.toMatch(/SERVICE_UNAVAILABLE|Injected/);
  });

  it('writes no poll when the poll’s own write fails, and works again afterwards', async () => {
    const list = async (): Promise<unknown[]> =>
      (await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth })).json.polls;
    await list(); // the token's first use records lastUsedAt; from here a create is: auth read, poll write, audit write
    runtime.failStorage(1, { after: 1 });
    const failed = await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: createBody });
    expect(failed).toMatchObject({ status: 503, json: { code: 'storage_unavailable' } });
    expect(await list()).toEqual([]);
    const retried = await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: createBody });
    expect(retried.status).toBe(201);
    expect(await list()).toHaveLength(1);
  });

  it('keeps a done write when only its audit record fails, and says so in the log, not to the caller', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await callTrigger(runtime, { url: '/polls?workspace=PLAT&content=PLAT-9', headers: auth });
      runtime.failStorage(1, { after: 2 });
      const created = await callTrigger(runtime, { method: 'POST', url: '/polls', headers: auth, body: createBody });
      expect(created.status).toBe(201);
      expect(errors).toHaveBeenCalledWith('Audit write failed', expect.anything());
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
