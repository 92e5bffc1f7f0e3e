import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';

// Smoke test of the admin shell in a real browser: the built Custom UI, served with a CSP like
// Forge's, talking to a stub bridge. The full end-to-end test runs it over the local runtime.

const REPO_ROOT = resolve(__dirname, '..', '..');
const DIST_DIR = join(REPO_ROOT, 'static', 'admin', 'dist');
const VITE_CONFIG = join('static', 'admin', 'vite.config.mts');
const MODULE_PATH = '/modules/quorum-jira-admin/';
const BRIDGE_SCRIPT_PATH = '/__forge/bridge.js';
const WEB_TRIGGER_URL = 'https://example.atlassian-dev.net/x1/qUoRuMtRiGgEr';

// Close to what Forge sends for a Custom UI resource whose manifest allows inline styles.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

const HTML_TYPE = 'text/html; charset=utf-8';
const JS_TYPE = 'text/javascript; charset=utf-8';
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': HTML_TYPE,
  '.js': JS_TYPE,
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

type BridgeAnswer = { kind: 'resolve'; value: unknown } | { kind: 'reject'; message: string };

type BridgeCall = { method: string; args: unknown };

type StubSite = { baseUrl: string; answerInvokeWith: (answer: BridgeAnswer) => void; close: () => Promise<void> };

function buildAdminUiIfMissing(): void {
  if (existsSync(join(DIST_DIR, 'index.html'))) return;
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [viteBin, 'build', '--config', VITE_CONFIG], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`Admin UI build failed:\n${build.stdout}\n${build.stderr}`);
}

/** The stand-in for the script the Forge iframe (or the local runtime) provides. */
function bridgeStubSource(answer: BridgeAnswer): string {
  return `(() => {
  const answer = ${JSON.stringify(answer)};
  const calls = [];
  globalThis.__bridgeCalls = calls;
  globalThis.__bridge = {
    callBridge(method, args) {
      calls.push({ method, args });
      if (method === 'enableTheming') return Promise.resolve();
      if (method !== 'invoke') return Promise.reject(new Error('stub bridge: unexpected ' + method));
      return answer.kind === 'resolve' ? Promise.resolve(answer.value) : Promise.reject(new Error(answer.message));
    },
  };
})();
`;
}

function injectBridgeScript(html: string): string {
  const firstScript = html.indexOf('<script');
  if (firstScript < 0) throw new Error('built index.html has no <script>');
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>\n    `;
  return html.slice(0, firstScript) + tag + html.slice(firstScript);
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'cache-control': 'no-store',
  });
  res.end(body);
}

async function serveDistFile(res: ServerResponse, relativePath: string): Promise<void> {
  const file = resolve(DIST_DIR, relativePath === '' ? 'index.html' : relativePath);
  if (!file.startsWith(DIST_DIR + sep)) return send(res, 403, 'text/plain', 'forbidden');
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain', 'not found');
  }
  if (file.endsWith('index.html')) return send(res, 200, HTML_TYPE, injectBridgeScript(content.toString('utf8')));
  send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', content);
}

async function startStubSite(): Promise<StubSite> {
  let answer: BridgeAnswer = { kind: 'reject', message: 'no answer configured' };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === BRIDGE_SCRIPT_PATH) return send(res, 200, JS_TYPE, bridgeStubSource(answer));
    if (path.startsWith(MODULE_PATH)) return serveDistFile(res, path.slice(MODULE_PATH.length));
    send(res, 404, 'text/plain', 'not found');
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain', 'stub site error'));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    answerInvokeWith: (next) => {
      answer = next;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Every console error, uncaught exception and failed request on the page (CSP violations included). */
function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`requestfailed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

describe('admin shell in a browser', () => {
  let browser: Browser;
  let site: StubSite;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    buildAdminUiIfMissing();
    [browser, site] = await Promise.all([launchBrowser(), startStubSite()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });

  beforeEach(async () => {
    page = await browser.newPage();
    problems = collectPageProblems(page);
  });

  afterEach(async () => {
    await page.close();
  });

  async function openAdminPage(): Promise<void> {
    await page.goto(site.baseUrl + MODULE_PATH);
  }

  function bridgeCalls(): Promise<BridgeCall[]> {
    return page.evaluate(() => (globalThis as unknown as { __bridgeCalls: BridgeCall[] }).__bridgeCalls);
  }

  it('shows the web trigger URL that api/info answers', async () => {
    site.answerInvokeWith({ kind: 'resolve', value: { ok: true, data: { webTriggerUrl: WEB_TRIGGER_URL } } });
    await openAdminPage();

    const url = page.getByTestId('web-trigger-url');
    await url.waitFor();
    expect(await url.textContent()).toBe(WEB_TRIGGER_URL);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Quorum');
    expect(await page.getByTestId('error').count()).toBe(0);
    expect(await bridgeCalls()).toContainEqual({
      method: 'invoke',
      args: expect.objectContaining({ functionKey: 'api/info', payload: {} }),
    });
    expect(problems).toEqual([]);
  });

  it('tells a user who is not a site admin that only site admins can manage Quorum', async () => {
    site.answerInvokeWith({
      kind: 'resolve',
      value: { ok: false, error: { code: 'FORBIDDEN', message: 'Site admin permission required.' } },
    });
    await openAdminPage();

    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Only site admins can manage Quorum');
    expect(await page.getByTestId('web-trigger-url').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the resolver message for other errors', async () => {
    site.answerInvokeWith({
      kind: 'resolve',
      value: { ok: false, error: { code: 'UNEXPECTED', message: 'Storage is unavailable, try again later.' } },
    });
    await openAdminPage();

    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Storage is unavailable, try again later.');
    expect(problems).toEqual([]);
  });

  it('shows a generic error when the bridge call itself fails', async () => {
    site.answerInvokeWith({ kind: 'reject', message: 'resolver crashed' });
    await openAdminPage();

    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Quorum isn't responding");
    expect(await error.textContent()).not.toContain('resolver crashed');
    expect(problems).toEqual([]);
  });
});
