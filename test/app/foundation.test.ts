import { LocalRuntime } from '../../local/runtime';

const ADMIN_PAGE = 'quorum-jira-admin';
const runtime = new LocalRuntime();
afterAll(() => runtime.close());

describe('Quorum on the local runtime, in process', () => {
  it('answers the polls-api web trigger with a problem body from the app’s own handler', async () => {
    const response = await runtime.invokeWebTrigger('polls-api', { method: 'GET', url: '/polls' });
    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toEqual(['application/problem+json']);
    expect(response.headers?.['www-authenticate']?.[0]).toMatch(/^Bearer /);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ status: 401, code: 'invalid_token' });
  });

  it('answers api/info to an admin with the web trigger URL, from both admin modules', async () => {
    for (const moduleKey of [ADMIN_PAGE, 'quorum-confluence-settings']) {
      await expect(runtime.invokeResolver({ moduleKey, functionKey: 'api/info', accountId: 'local-admin' })).resolves.toEqual({
        ok: true,
        data: { webTriggerUrl: 'http://localhost:8080/x1/polls-api' },
      });
    }
  });

  it('answers FORBIDDEN to a user who administers neither product', async () => {
    await expect(
      runtime.invokeResolver({ moduleKey: ADMIN_PAGE, functionKey: 'api/info', accountId: 'local-user' }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('rejects a payload with unknown fields as VALIDATION, after the admin check', async () => {
    await expect(runtime.invokeResolver({ moduleKey: ADMIN_PAGE, functionKey: 'api/info', payload: { extra: 1 } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await expect(
      runtime.invokeResolver({ moduleKey: ADMIN_PAGE, functionKey: 'api/info', payload: { extra: 1 }, accountId: 'local-user' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
