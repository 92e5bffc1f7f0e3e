import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { runCli, startLocalProcess, tempDir, type LocalProcess } from '../support/local-process';
import { ECHO_APP, editedEchoApp } from '../support/echo-app';

async function invoke(
  base: string,
  body: unknown,
  accountId: string | null = 'local-admin',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/__forge/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accountId ? { 'x-forge-account-id': accountId } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A request with any Host header, which fetch() would not let a test choose. */
function requestWithHost(url: string, host: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? 'GET', headers: { ...init.headers, host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

describe('npm start’s server (Quorum, over HTTP)', () => {
  let server: LocalProcess;
  beforeAll(async () => {
    server = await startLocalProcess({ dataDir: tempDir('quorum-http') });
  });
  afterAll(() => server.stop());

  it('prints the admin page URL, the web trigger URL and the fixture users', () => {
    const out = server.output();
    expect(out).toContain(`${server.url}/modules/quorum-jira-admin/`);
    expect(out).toContain(`web trigger: ${server.url}/x1/polls-api`);
    expect(out).toMatch(/local-admin\s+Local Admin \(Jira admin, Confluence admin\)/);
    expect(out).toMatch(/local-user\s+Local User \(no admin rights\)/);
  });

  it('answers GET /x1/polls-api with the app handler’s problem response', async () => {
    const response = await fetch(`${server.url}/x1/polls-api`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'invalid_token' });
  });

  it('runs a resolver through POST /__forge/invoke as the named user', async () => {
    const asAdmin = await invoke(server.url, { module: 'quorum-jira-admin', functionKey: 'api/info', payload: {} });
    expect(asAdmin).toEqual({ status: 200, body: { ok: true, data: { webTriggerUrl: `${server.url}/x1/polls-api` } } });
    const asUser = await invoke(server.url, { module: 'quorum-jira-admin', functionKey: 'api/info' }, 'local-user');
    expect(asUser.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers clear errors for an unknown module, an unknown user and malformed invoke bodies', async () => {
    expect(await invoke(server.url, { module: 'nope', functionKey: 'api/info' }, 'local-admin')).toEqual({
      status: 404,
      body: { error: { code: 'UNKNOWN_MODULE', message: "No Custom UI module 'nope' in the manifest." } },
    });
    expect((await invoke(server.url, { module: 'quorum-jira-admin', functionKey: 'api/info' }, 'ghost')).status).toBe(401);
    const notJson = await invoke(server.url, '{ nope');
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_BODY' } } });
    const wrongShape = await invoke(server.url, { module: 5, payload: [] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.message).toMatch(/module/);
  });

  describe('refuses to act for a page of another site', () => {
    const body = JSON.stringify({ module: 'quorum-jira-admin', functionKey: 'tokens/revokeAll', payload: {} });

    it('acts as no one by default: a call that names no user is refused', async () => {
      expect(await invoke(server.url, JSON.parse(body), null)).toMatchObject({ status: 401, body: { error: { code: 'NO_USER' } } });
    });

    it('takes only JSON, so a cross-site form or text/plain post cannot reach a resolver', async () => {
      const plain = await invoke(server.url, body, 'local-admin', { 'content-type': 'text/plain' });
      expect(plain).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    });

    it('answers only requests addressed to it by name (no DNS rebinding), and from its own origin', async () => {
      const headers = { 'content-type': 'application/json', 'x-forge-account-id': 'local-admin' };
      expect(await requestWithHost(`${server.url}/__forge/invoke`, 'attacker.example:80', { method: 'POST', headers, body })).toBe(403);
      expect(await requestWithHost(`${server.url}/modules/quorum-jira-admin/`, 'attacker.example')).toBe(403);
      const crossOrigin = await invoke(server.url, JSON.parse(body), 'local-admin', { origin: 'https://attacker.example' });
      expect(crossOrigin).toMatchObject({ status: 403, body: { error: { code: 'FOREIGN_ORIGIN' } } });
      // Web triggers stay public, as on Forge: the app checks their token.
      expect(await requestWithHost(`${server.url}/x1/polls-api`, 'quorum.example.net')).toBe(401);
    });
  });

  it('serves the admin page as Forge does: a host page around a sandboxed frame', async () => {
    const host = await (await fetch(`${server.url}/modules/quorum-jira-admin/`)).text();
    expect(host).toMatch(
      /<iframe id="forge-frame"[^>]* sandbox="allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts"/,
    );
    expect(host).toContain('data-src="/modules/quorum-jira-admin/frame/"');
  });

  it('serves the admin resource in the frame with the bridge shim ahead of the app and Forge’s CSP', async () => {
    const response = await fetch(`${server.url}/modules/quorum-jira-admin/frame/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    const html = await response.text();
    expect(html.indexOf('/__forge/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__forge/bridge.js')).toBeLessThan(html.indexOf('type="module"'));
    expect((await fetch(`${server.url}/modules/quorum-jira-admin/frame/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});

describe('the local runtime’s process', () => {
  it('keeps its data through a hard kill and a restart', async () => {
    const dataDir = tempDir('echo-durable');
    const first = await startLocalProcess({ cwd: ECHO_APP, dataDir });
    const bump = async (base: string): Promise<number> => Number(await (await fetch(`${base}/x1/counter`, { method: 'POST' })).text());
    expect([await bump(first.url), await bump(first.url), await bump(first.url)]).toEqual([1, 2, 3]);
    expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');
    const second = await startLocalProcess({ cwd: ECHO_APP, dataDir });
    try {
      expect(await bump(second.url)).toBe(4);
    } finally {
      await second.stop();
    }
  });

  it('stops cleanly on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await startLocalProcess({ cwd: ECHO_APP, dataDir: tempDir('echo-stop') });
      expect(await server.stop(signal)).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain(`${signal}: stopping.`);
    }
  });

  it('says which port is in use instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = runCli({ cwd: ECHO_APP, env: { PORT: String(port), FORGE_LOCAL_DIR: tempDir('echo-port') } });
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.output()).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('names a missing handler at start instead of at the first request', async () => {
    const app = path.dirname(editedEchoApp('echo-broken', (m) => m.replace('handler: index.counter', 'handler: index.nothing')));
    const run = runCli({ cwd: app, env: { FORGE_LOCAL_DIR: tempDir('echo-broken-data') } });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toContain("forge-local: function 'counter-fn': src/index.ts has no exported function 'nothing'");
  });

  it('says so when there is no manifest to run', async () => {
    const run = runCli({ cwd: tempDir('no-app'), env: { FORGE_LOCAL_DIR: tempDir('no-app-data') } });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toMatch(/forge-local: cannot read manifest\.yml/);
  });
});
