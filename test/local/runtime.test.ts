import path from 'node:path';
import { asApp, route } from '@forge/api';
import { LocalRuntime } from '../../local/runtime';
import { ManifestError } from '../../local/manifest';
import { ECHO_APP, editedEchoApp } from '../support/echo-app';

describe('the local runtime, in process', () => {
  const errors: unknown[] = [];
  let runtime: LocalRuntime;

  beforeAll(() => {
    runtime = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml'), onFunctionError: (error) => errors.push(error) });
  });
  afterAll(() => runtime.close());
  beforeEach(() => (errors.length = 0));

  // events-reference/web-trigger: header names "as sent by the caller" (the example mixes
  // "Content-Type" and "accept-encoding"), values as arrays, `?apples=green,red` as ["red", "green"].
  it('hands a web trigger Forge’s request shape: header names as sent, array values, query values split on commas', async () => {
    const response = await runtime.invokeWebTrigger('echo', {
      method: 'post',
      url: '/polls/42?token=abc&tag=a&tag=b&apples=green,red',
      headers: { 'Content-Type': 'application/json', 'X-Multi': ['1', '2'] },
      body: '{"x":1}',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': ['application/json'], 'x-echo': ['a', 'b'] });
    const { request, context } = JSON.parse(response.body ?? '');
    expect(request).toEqual({
      method: 'POST',
      path: '/x1/echo/polls/42',
      userPath: '/polls/42',
      headers: { 'Content-Type': ['application/json'], 'X-Multi': ['1', '2'] },
      queryParameters: { token: ['abc'], tag: ['a', 'b'], apples: ['red', 'green'] },
      body: '{"x":1}',
    });
    expect(context.installContext).toBe(runtime.installContext);
  });

  it('gives an empty userPath and body when the trigger URL is called bare', async () => {
    const response = await runtime.invokeWebTrigger('echo');
    const { request } = JSON.parse(response.body ?? '');
    expect(request).toMatchObject({ method: 'GET', path: '/x1/echo', userPath: '', body: '', queryParameters: {} });
  });

  it('answers 500 like the platform when a function returns something that is not a response', async () => {
    const response = await runtime.invokeWebTrigger('broken');
    expect(response.statusCode).toBe(500);
    expect(errors).toHaveLength(1);
  });

  it('answers 500 without the error’s message when a function throws', async () => {
    const response = await runtime.invokeWebTrigger('throws');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(String(errors[0])).toContain('boom');
  });

  it('rejects an unknown web trigger key', async () => {
    await expect(runtime.invokeWebTrigger('nope')).rejects.toMatchObject({ code: 'UNKNOWN_MODULE' });
  });

  it('persists storage between invocations through the real @forge/kvs', async () => {
    const first = await runtime.invokeWebTrigger('counter');
    const second = await runtime.invokeWebTrigger('counter');
    expect(Number(second.body)).toBe(Number(first.body) + 1);
  });

  it('counts storage requests by KVS path and product calls by method and path, until reset', async () => {
    runtime.resetStorageRequests();
    await runtime.invokeWebTrigger('counter');
    await runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'whoami', accountId: 'local-user' });
    expect(runtime.storageRequests().total).toBeGreaterThan(0);
    expect(runtime.productRequests()).toEqual({ total: 1, byCall: { 'GET jira /rest/api/3/myself': 1 } });
    runtime.resetStorageRequests();
    expect(runtime.storageRequests().total).toBe(0);
    expect(runtime.productRequests().total).toBe(0);
  });

  it('gives a resolver the trusted accountId and acts as that user in product calls', async () => {
    const result = await runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'whoami', accountId: 'local-user' });
    expect(result).toEqual({ contextAccountId: 'local-user', productAccountId: 'local-user' });
  });

  it('calls resolvers as the site’s first admin when no user is named', async () => {
    const result = await runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'whoami' });
    expect(result).toEqual({ contextAccountId: 'local-admin', productAccountId: 'local-admin' });
  });

  it('keeps concurrent invocations’ users apart', async () => {
    const users = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 'local-admin' : 'local-user'));
    const results = await Promise.all(
      users.map((accountId) => runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'whoami', accountId })),
    );
    results.forEach((result, i) => expect(result).toEqual({ contextAccountId: users[i], productAccountId: users[i] }));
  });

  it('reports a resolver that throws as FUNCTION_FAILED without its message', async () => {
    const call = runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'fail' });
    await expect(call).rejects.toMatchObject({ code: 'FUNCTION_FAILED' });
    await expect(call).rejects.not.toThrow('exploded');
  });

  it('rejects an unknown module key and an unknown user', async () => {
    await expect(runtime.invokeResolver({ moduleKey: 'nope', functionKey: 'whoami' })).rejects.toMatchObject({ code: 'UNKNOWN_MODULE' });
    await expect(runtime.invokeResolver({ moduleKey: 'echo-admin', functionKey: 'whoami', accountId: 'stranger' })).rejects.toMatchObject({
      code: 'UNKNOWN_USER',
    });
  });

  it('explains that a Forge API was called outside an invocation', async () => {
    await expect(asApp().requestJira(route`/rest/api/3/myself`)).rejects.toThrow(/outside a function invocation/);
  });
});

describe('loading a manifest', () => {
  const brokenCopy = (edit: (manifest: string) => string): string => editedEchoApp('broken-app', edit);

  it('names a function whose handler file is missing', () => {
    const manifestPath = brokenCopy((m) => m.replace('handler: index.echo', 'handler: missing.echo'));
    expect(() => new LocalRuntime({ manifestPath })).toThrow(
      new ManifestError(`manifest ${manifestPath} cannot run:\n  - function 'echo-fn': no handler file src/missing.(ts|tsx|js|jsx|cjs)`),
    );
  });

  it('names a handler whose export is missing when the functions load', () => {
    const manifestPath = brokenCopy((m) => m.replace('handler: index.echo', 'handler: index.nothing'));
    const runtime = new LocalRuntime({ manifestPath });
    expect(() => runtime.loadFunctions()).toThrow("function 'echo-fn': src/index.ts has no exported function 'nothing'");
  });

  it('names a resource folder that does not exist', () => {
    const manifestPath = brokenCopy((m) => m.replace('path: static/ui', 'path: static/gone'));
    expect(() => new LocalRuntime({ manifestPath })).toThrow("resource 'ui': folder static/gone does not exist");
  });

  it('names a web trigger that points at an unknown function', () => {
    const manifestPath = brokenCopy((m) => m.replace('function: echo-fn', 'function: ghost-fn'));
    expect(() => new LocalRuntime({ manifestPath })).toThrow("webtrigger 'echo': unknown function 'ghost-fn'");
  });
});
