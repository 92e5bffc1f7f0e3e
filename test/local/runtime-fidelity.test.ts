import http from 'node:http';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../local/http/server';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { ECHO_APP } from '../support/echo-app';

/**
 * Rules of Forge's web trigger, resolver and invocation documentation that the local runtime
 * enforces, run on a small app that is not Quorum (test/fixtures/echo-app). Each names its page.
 */

let runtime: LocalRuntime;
let errors: unknown[];

function start(options: LocalRuntimeOptions = {}): LocalRuntime {
  errors = [];
  runtime = new LocalRuntime({
    manifestPath: path.join(ECHO_APP, 'manifest.yml'),
    onFunctionError: (error) => errors.push(error),
    ...options,
  });
  return runtime;
}
afterEach(() => runtime.close());

const echoed = async (request: Parameters<LocalRuntime['invokeWebTrigger']>[1]) =>
  JSON.parse((await runtime.invokeWebTrigger('echo', request)).body ?? '').request;

describe('web trigger requests and responses (events-reference/web-trigger)', () => {
  it('hands headers over with the names the caller used and one value per header line, over HTTP', async () => {
    start();
    const server = await startLocalServer(runtime, { port: 0 });
    try {
      // fetch() would join repeated headers into one line; node:http sends one line per value.
      const request = await new Promise<{ headers: Record<string, string[]> }>((resolve, reject) => {
        const outgoing = http.request(`${server.url}/x1/echo`, (incoming) => {
          let text = '';
          incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
          incoming.on('end', () => resolve(JSON.parse(text).request));
        });
        outgoing.setHeader('Authorization', 'Bearer one');
        outgoing.setHeader('X-Custom', ['a', 'b']);
        outgoing.on('error', reject);
        outgoing.end();
      });
      expect(request.headers['Authorization']).toEqual(['Bearer one']);
      expect(request.headers['X-Custom']).toEqual(['a', 'b']);
      expect(request.headers['authorization']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('splits query values on commas, as the documented example does (apples=green,red → ["red", "green"])', async () => {
    start();
    expect((await echoed({ url: '?apples=green,red&grapes=green' })).queryParameters).toEqual({
      apples: ['red', 'green'],
      grapes: ['green'],
    });
  });

  it('adds X-Ratelimit-Limit, -Remaining and -Reset to every answer, errors included', async () => {
    start();
    const first = await runtime.invokeWebTrigger('echo');
    const failed = await runtime.invokeWebTrigger('throws');
    expect(first.headers).toMatchObject({ 'X-Ratelimit-Limit': ['5000'], 'X-Ratelimit-Remaining': [expect.stringMatching(/^\d+$/)] });
    expect(Number(failed.headers?.['X-Ratelimit-Remaining']?.[0])).toBe(Number(first.headers?.['X-Ratelimit-Remaining']?.[0]) - 1);
    expect(Number(failed.headers?.['X-Ratelimit-Reset']?.[0]) * 1000).toBeGreaterThan(Date.now());
  });

  it('refuses a request over 5 MB counting headers and query, not just the body (limits-invocation, "Payload size")', async () => {
    start();
    const big = 'x'.repeat(2_600_000);
    const response = await runtime.invokeWebTrigger('echo', { headers: { 'X-Big': big }, body: big });
    expect(response.statusCode).toBe(413);
    expect((await runtime.invokeWebTrigger('echo', { body: big })).statusCode).toBe(200);
  });

  it('answers 500 for a response whose statusText is not a string', async () => {
    start();
    const response = await runtime.invokeWebTrigger('respond', { body: JSON.stringify({ statusCode: 200, statusText: 7 }) });
    expect(response.statusCode).toBe(500);
  });

  it('answers a plain 500 over HTTP for a header value HTTP cannot carry', async () => {
    start();
    const server = await startLocalServer(runtime, { port: 0 });
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const body = JSON.stringify({ statusCode: 200, headers: { 'x-bad': ['a\nb'] }, body: 'hidden' });
      const response = await fetch(`${server.url}/x1/respond`, { method: 'POST', body });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
    } finally {
      consoleError.mockRestore();
      await server.close();
    }
  });

  it('stops waiting for a web trigger after its time limit and answers 500 (55 s on Forge)', async () => {
    start({ limits: { webTriggerTimeoutMs: 100 } });
    const response = await runtime.invokeWebTrigger('slow', { url: '?ms=2000' });
    expect(response.statusCode).toBe(500);
    expect(String(errors[0])).toMatch(/longer than 100 ms/);
  });

  it('gives a web trigger its installation in the context, and no user', async () => {
    start();
    const { context } = JSON.parse((await runtime.invokeWebTrigger('echo')).body ?? '');
    expect(context).toMatchObject({
      installContext: runtime.installContext,
      installation: { ari: { installationId: expect.any(String) } },
    });
    expect(context.principal).toBeUndefined();
  });
});

describe('resolvers (runtime-reference/custom-ui-resolver, limits-invocation)', () => {
  const call = (functionKey: string, payload: object = {}, accountId = 'local-admin') =>
    runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey, payload, accountId });

  it('stops waiting for a resolver after its time limit (25 s on Forge) and says it failed', async () => {
    start({ limits: { resolverTimeoutMs: 100 } });
    await expect(call('sleep', { ms: 2000 })).rejects.toMatchObject({ code: 'FUNCTION_FAILED' });
  });

  it('tells a function how much of its time is left', async () => {
    start();
    const { remainingMs } = (await call('sleep', { ms: 50 })) as { remainingMs: number };
    expect(remainingMs).toBeLessThanOrEqual(25_000 - 50);
    expect(remainingMs).toBeGreaterThan(20_000);
  });

  it('refuses a payload over 500 KB ("Front-end invocation request payload size | 500KB")', async () => {
    start();
    await expect(call('big', { filler: 'x'.repeat(500_000) })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('fails a resolver whose answer is over 5 MB ("Front-end invocation response payload size | 5MB")', async () => {
    start();
    await expect(call('big', { bytes: 5_000_001 })).rejects.toMatchObject({ code: 'FUNCTION_FAILED' });
    await expect(call('big', { bytes: 1_000 })).resolves.toMatchObject({ text: expect.any(String) });
  });

  it('refuses a user’s invocations past the per-user limit of the minute (1,200 on Forge)', async () => {
    start({ limits: { invocationsPerUserPerMinute: 3 } });
    for (let i = 0; i < 3; i++) await call('context');
    await expect(call('context')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(call('context', {}, 'local-user')).resolves.toBeDefined();
  });

  it('gives a resolver the trusted accountId and installation beside the browser’s context', async () => {
    start();
    const context = (await call('context', {}, 'local-user')) as Record<string, unknown>;
    expect(context).toMatchObject({
      accountId: 'local-user',
      installContext: runtime.installContext,
      installation: { ari: expect.any(Object) },
    });
  });
});

describe('over HTTP', () => {
  let server: LocalServer;
  beforeEach(async () => {
    start({ limits: { invocationsPerUserPerMinute: 1 } });
    server = await startLocalServer(runtime, { port: 0 });
  });
  afterEach(() => server.close());

  it('answers 429 to an invoke past the limit and 413 to one over 500 KB', async () => {
    const invoke = (payload: object) =>
      fetch(`${server.url}/__forge/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forge-account-id': 'local-user' },
        body: JSON.stringify({ module: 'echo-admin', functionKey: 'context', payload }),
      });
    expect((await invoke({ filler: 'x'.repeat(500_001) })).status).toBe(413);
    expect((await invoke({})).status).toBe(200);
    expect((await invoke({})).status).toBe(429);
  });
});
