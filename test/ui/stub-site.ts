import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';

// The built admin page served with a CSP like Forge's, in front of a stub bridge whose answers
// each test sets per resolver: the page's own states (loading, errors, forbidden, field errors)
// without a backend.

const REPO_ROOT = resolve(__dirname, '..', '..');
const DIST_DIR = join(REPO_ROOT, 'static', 'admin', 'dist');
export const MODULE_PATH = '/modules/quorum-jira-admin/';
const BRIDGE_SCRIPT_PATH = '/__forge/bridge.js';

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

/**
 * How the stub answers one resolver: a value, a rejected call, never (to see loading), or one
 * answer per call in turn (the last one repeats).
 */
export type BridgeAnswer =
  | { kind: 'resolve'; value: unknown }
  | { kind: 'reject'; message: string }
  | { kind: 'pending' }
  | { kind: 'sequence'; answers: BridgeAnswer[] };
export type BridgeAnswers = Record<string, BridgeAnswer>;
export type BridgeCall = { method: string; args: { functionKey?: string; payload?: unknown } };

export type StubSite = { baseUrl: string; answer: (answers: BridgeAnswers) => void; close: () => Promise<void> };

export function buildAdminUiIfMissing(): void {
  if (existsSync(join(DIST_DIR, 'index.html'))) return;
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [viteBin, 'build', '--config', join('static', 'admin', 'vite.config.mts')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`Admin UI build failed:\n${build.stdout}\n${build.stderr}`);
}

/** The stand-in for the script the Forge iframe (or the local runtime) provides. */
function bridgeStubSource(answers: BridgeAnswers): string {
  return `(() => {
  const answers = ${JSON.stringify(answers)};
  const calls = [];
  globalThis.__bridgeCalls = calls;
  globalThis.__bridge = {
    callBridge(method, args) {
      calls.push({ method, args });
      if (method === 'enableTheming') return Promise.resolve();
      if (method !== 'invoke') return Promise.reject(new Error('stub bridge: unexpected ' + method));
      let answer = answers[args.functionKey];
      if (!answer) return Promise.reject(new Error('stub bridge: no answer for ' + args.functionKey));
      if (answer.kind === 'sequence') answer = answer.answers.length > 1 ? answer.answers.shift() : answer.answers[0];
      if (answer.kind === 'pending') return new Promise(() => {});
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
  res.writeHead(status, { 'content-type': contentType, 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' });
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

export async function startStubSite(): Promise<StubSite> {
  let answers: BridgeAnswers = {};
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === BRIDGE_SCRIPT_PATH) return send(res, 200, JS_TYPE, bridgeStubSource(answers));
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
    answer: (next) => {
      answers = next;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
