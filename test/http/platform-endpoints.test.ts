import http from 'node:http';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../local/http/server';
import { LocalRuntime } from '../../local/runtime';
import { ECHO_APP } from '../support/echo-app';

/**
 * The runtime's own endpoints for module context (manifest-reference/modules/jira-issue-panel and
 * macro, "Extension data"/"Extension context"), scheduled triggers
 * (manifest-reference/modules/scheduled-trigger) and product events
 * (manifest-reference/modules/trigger), over HTTP, on the echo fixture app.
 */

let runtime: LocalRuntime;
let server: LocalServer;
const errors: unknown[] = [];
beforeAll(async () => {
  runtime = new LocalRuntime({ manifestPath: path.join(ECHO_APP, 'manifest.yml'), onFunctionError: (error) => errors.push(error) });
  server = await startLocalServer(runtime, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

type Answer = { status: number; body: any };
async function call(
  pathAndQuery: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; user?: string | null } = {},
): Promise<Answer> {
  const user = init.user === undefined ? 'local-user' : init.user;
  const response = await fetch(`${server.url}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(user ? { 'x-forge-account-id': user } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // An HTML page.
  }
  return { status: response.status, body };
}

/** A request with any Host header, which fetch() would not let a test choose. */
function statusWithHost(url: string, host: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: { host, 'content-type': 'application/json' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end('{}');
  });
}

describe('module context over HTTP (GET /__forge/context, POST /__forge/invoke "context")', () => {
  it('answers view.getContext() of an issue panel opened on an issue', async () => {
    const context = await call('/__forge/context?module=echo-panel&issueKey=PLAT-2');
    expect(context.status).toBe(200);
    expect(context.body).toMatchObject({
      accountId: 'local-user',
      moduleKey: 'echo-panel',
      extension: { type: 'jira:issuePanel', issue: { id: '20002', key: 'PLAT-2' }, project: { key: 'PLAT' }, isNewToIssue: false },
    });
  });

  it('answers a macro’s context with its localId, isEditing and config from the query', async () => {
    const config = encodeURIComponent(JSON.stringify({ pollId: 'p-9' }));
    const context = await call(`/__forge/context?module=echo-macro&pageId=2003&localId=m-7&isEditing=true&config=${config}`);
    expect(context.body).toMatchObject({
      localId: 'm-7',
      extension: {
        type: 'macro',
        content: { id: '2003', type: 'page', subtype: null },
        space: { id: '1001', key: 'ENG' },
        isEditing: true,
        config: { pollId: 'p-9' },
      },
    });
  });

  it('answers 400 for a missing place, a missing localId, a place of the wrong kind or a bad value; 404 for an unknown issue or page', async () => {
    expect(await call('/__forge/context?module=echo-panel')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CONTEXT' } } });
    expect(await call('/__forge/context?module=echo-macro&pageId=2001')).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_CONTEXT', message: expect.stringContaining('localId') } },
    });
    expect((await call('/__forge/context?module=echo-macro&issueKey=PLAT-1')).status).toBe(400);
    expect((await call('/__forge/context?module=echo-macro&pageId=2001&localId=m&isEditing=yes')).status).toBe(400);
    expect((await call('/__forge/context?module=echo-macro&pageId=2001&localId=m&config=%5B1%5D')).status).toBe(400);
    expect(await call('/__forge/context?module=echo-panel&issueKey=NOPE-1')).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_ISSUE' } },
    });
    expect(await call('/__forge/context?module=echo-macro&pageId=4242&localId=m')).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_PAGE' } },
    });
  });

  it('hands the resolver the place named in invoke’s "context"', async () => {
    const result = await call('/__forge/invoke', {
      method: 'POST',
      body: { module: 'echo-macro', functionKey: 'context', payload: {}, context: { pageId: '2001', localId: 'm-1', config: { a: 1 } } },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      accountId: 'local-user',
      localId: 'm-1',
      extension: { content: { id: '2001' }, config: { a: 1 } },
    });
    const onIssue = await call('/__forge/invoke', {
      method: 'POST',
      body: { module: 'echo-panel', functionKey: 'context', context: { issueKey: 'OPS-3' } },
    });
    expect(onIssue.body.extension.issue).toEqual({ id: '21003', key: 'OPS-3', type: 'Task', typeId: '10001' });
  });

  it('refuses an invoke whose context is of the wrong kind, names an unknown issue, or has unknown fields', async () => {
    const invoke = (module: string, context: unknown) =>
      call('/__forge/invoke', { method: 'POST', body: { module, functionKey: 'context', context } });
    expect(await invoke('echo-macro', { issueKey: 'PLAT-1' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CONTEXT' } } });
    expect(await invoke('echo-panel', {})).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CONTEXT' } } });
    expect(await invoke('echo-panel', { issueKey: 'PLAT-999' })).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_ISSUE' } } });
    expect(await invoke('echo-panel', { issueKey: 'PLAT-1', spaceKey: 'ENG' })).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_BODY' } },
    });
  });

  it('serves an issue panel’s page only on an issue, and passes the place on to the frame', async () => {
    const page = await call('/modules/echo-panel/?issueKey=PLAT-1&accountId=local-viewer');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-src="/modules/echo-panel/frame/?issueKey=PLAT-1&#38;accountId=local-viewer"');
    expect((await call('/modules/echo-panel/')).status).toBe(400);
    expect((await call('/modules/echo-panel/?issueKey=PLAT-404')).status).toBe(404);
    expect((await call('/modules/echo-macro/?pageId=2001')).status).toBe(400);
    expect((await call('/modules/echo-macro/?pageId=2001&localId=m-1')).status).toBe(200);
  });

  it('links place-bound modules on the index page to a fixture issue or page', async () => {
    const index = await call('/');
    expect(index.body).toContain('href="/modules/echo-panel/?issueKey=PLAT-1"');
    expect(index.body).toContain('href="/modules/echo-macro/?pageId=2001&#38;localId=local-macro-1"');
  });
});

describe('POST /__forge/scheduled/<key> (manifest-reference/modules/scheduled-trigger)', () => {
  it('runs the trigger now and answers how it went, with no user and no body needed', async () => {
    expect(await call('/__forge/scheduled/echo-hourly', { method: 'POST', user: null })).toEqual({
      status: 200,
      body: { ran: 'echo-hourly', outcome: 'returned' },
    });
    expect(await call('/__forge/scheduled/echo-failing', { method: 'POST', body: {} })).toEqual({
      status: 200,
      body: { ran: 'echo-failing', outcome: 'threw' },
    });
  });

  it('answers 404 for an unknown trigger, 405 for another method, 415 for a body that is not JSON', async () => {
    expect(await call('/__forge/scheduled/nope', { method: 'POST' })).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_MODULE' } },
    });
    expect((await call('/__forge/scheduled/echo-hourly')).status).toBe(405);
    expect(
      (await call('/__forge/scheduled/echo-hourly', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
  });

  it('answers only requests addressed to it, from its own origin', async () => {
    expect(await statusWithHost(`${server.url}/__forge/scheduled/echo-hourly`, 'attacker.example', 'POST')).toBe(403);
    const crossOrigin = await call('/__forge/scheduled/echo-hourly', { method: 'POST', headers: { origin: 'https://attacker.example' } });
    expect(crossOrigin).toMatchObject({ status: 403, body: { error: { code: 'FOREIGN_ORIGIN' } } });
  });
});

describe('POST /__forge/events/<event name> (manifest-reference/modules/trigger)', () => {
  it('delivers the payload to the subscribed triggers and answers which received it', async () => {
    const fired = await call('/__forge/events/avi:jira:deleted:issue', {
      method: 'POST',
      body: { issue: { id: '20001', key: 'PLAT-1' } },
      user: null,
    });
    expect(fired).toEqual({
      status: 200,
      body: {
        eventType: 'avi:jira:deleted:issue',
        delivered: [
          { trigger: 'echo-issue-events', outcome: 'returned' },
          { trigger: 'echo-not-self', outcome: 'returned' },
        ],
        skipped: [],
      },
    });
  });

  it('says which triggers were skipped for missing scopes', async () => {
    const fired = await call(`/__forge/events/${encodeURIComponent('avi:confluence:trashed:page')}`, {
      method: 'POST',
      body: { content: { id: '2001' } },
    });
    expect(fired.body).toMatchObject({
      delivered: [],
      skipped: [{ trigger: 'echo-page-events', reason: expect.stringContaining('write:confluence-content') }],
    });
  });

  it('answers 400 for a body that is not a JSON object or a name that is not an event’s, 415 without JSON, 405 for GET', async () => {
    expect(await call('/__forge/events/avi:jira:deleted:issue', { method: 'POST', body: '{ nope' })).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_BODY' } },
    });
    expect((await call('/__forge/events/avi:jira:deleted:issue', { method: 'POST', body: [1] })).status).toBe(400);
    expect(await call('/__forge/events/not-an-event', { method: 'POST', body: {} })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_EVENT' } },
    });
    expect(
      (await call('/__forge/events/avi:jira:deleted:issue', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
    expect((await call('/__forge/events/avi:jira:deleted:issue')).status).toBe(405);
  });

  it('answers only requests addressed to it (no DNS rebinding)', async () => {
    expect(await statusWithHost(`${server.url}/__forge/events/avi:jira:deleted:issue`, 'attacker.example', 'POST')).toBe(403);
  });
});

describe('POST /__forge/actions/<key> (manifest-reference/modules/automation-action)', () => {
  it('runs the action as the connection’s user named in X-Forge-Account-Id, with the rule’s issue for its smart values', async () => {
    const answer = await call('/__forge/actions/echo-action', {
      method: 'POST',
      body: { inputs: { text: '{{issue.key}} for {{rule.name}}' }, issueKey: 'PLAT-1', rule: { name: 'Nightly' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      action: 'echo-action',
      via: 'automation',
      outcome: 'succeeded',
      smartValue: 'fetchedLocalTestEcho',
    });
    expect(answer.body.outputs.me).toBe('local-user');
    expect(JSON.parse(answer.body.outputs.seen).payload).toEqual({ text: 'PLAT-1 for Nightly' });
  });

  it('answers the function’s errors as a failed run, with 200: the action ran', async () => {
    const answer = await call('/__forge/actions/echo-action', { method: 'POST', body: { inputs: { text: 'fail' } } });
    expect(answer).toMatchObject({
      status: 200,
      body: { outcome: 'failed', errors: [{ message: 'echo: the text says fail' }, expect.anything()] },
    });
  });

  it('answers 400 INVALID_INPUTS with Automation’s invalidInputs for a configuration it would not save ("Rule Validation")', async () => {
    expect(await call('/__forge/actions/echo-action', { method: 'POST', body: { inputs: { count: 'x' } } })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUTS',
          message: expect.any(String),
          invalidInputs: { text: { message: 'text is required' }, count: { message: 'count must be an integer' } },
        },
      },
    });
  });

  it('checks a configuration without running it (POST /__forge/actions/<key>/config)', async () => {
    expect(await call('/__forge/actions/echo-action/config', { method: 'POST', body: { inputs: { text: 'x', colour: 1 } } })).toEqual({
      status: 200,
      body: { valid: false, invalidInputs: { colour: { message: 'colour is not an input of this action' } }, tooLarge: false },
    });
  });

  it('refuses no user, an unknown action, an action Automation does not show, a malformed body, GET and a body that is not JSON', async () => {
    expect(await call('/__forge/actions/echo-action', { method: 'POST', body: { inputs: { text: 'x' } }, user: null })).toMatchObject({
      status: 401,
      body: { error: { code: 'NO_USER' } },
    });
    expect(await call('/__forge/actions/nope', { method: 'POST', body: {} })).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_MODULE' } },
    });
    expect(await call('/__forge/actions/echo-rovo-only', { method: 'POST', body: { inputs: { text: 'x' } } })).toMatchObject({
      status: 400,
      body: { error: { code: 'ACTION_UNAVAILABLE' } },
    });
    expect(await call('/__forge/actions/echo-action', { method: 'POST', body: { inputs: [], extra: 1 } })).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_BODY' } },
    });
    expect(
      await call('/__forge/actions/echo-action', { method: 'POST', body: { issueKey: 'NOPE-1', inputs: { text: 'x' } } }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'UNKNOWN_ISSUE' } },
    });
    expect((await call('/__forge/actions/echo-action')).status).toBe(405);
    expect(
      (await call('/__forge/actions/echo-action', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
  });

  it('runs an action from Rovo with "via": "rovo"', async () => {
    const answer = await call('/__forge/actions/echo-rovo-only', {
      method: 'POST',
      body: { via: 'rovo', inputs: { text: 'x' }, issueKey: 'PLAT-1' },
    });
    expect(answer).toMatchObject({ status: 200, body: { via: 'rovo', outcome: 'succeeded', result: { me: 'local-user' } } });
  });

  it('answers only requests addressed to it (no DNS rebinding)', async () => {
    expect(await statusWithHost(`${server.url}/__forge/actions/echo-action`, 'attacker.example', 'POST')).toBe(403);
  });

  it('serves an action’s configuration form in a stand-in for Automation’s panel, with its saved inputs in the context', async () => {
    const page = await call('/modules/echo-action/?accountId=local-user');
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="forge-action-next"');
    expect(page.body).toContain('data-action-key="echo-action"');
    const context = await call(`/__forge/context?module=echo-action&inputs=${encodeURIComponent('{"text":"saved"}')}`);
    expect(context.body.extension).toEqual({ type: 'action', data: { inputs: { text: 'saved' } }, errors: { invalidInputs: {} } });
  });
});
