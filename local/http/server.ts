import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import * as v from 'valibot';
import type { ActionDeclaration, ContentPermissions } from '../manifest';
import { InvocationError, type InvocationErrorCode, type LocalRuntime, type ModuleContextInput } from '../runtime';

export type LocalServer = { url: string; port: number; close: () => Promise<void> };

const ACCOUNT_HEADER = 'x-forge-account-id';
// Room for the envelope around a payload of the largest size invoke() may send.
const INVOKE_ENVELOPE_BYTES = 64 * 1024;
const BRIDGE_SHIM = readFileSync(path.join(__dirname, 'bridge-shim.js'), 'utf8');
const HOST_SCRIPT = readFileSync(path.join(__dirname, 'host-page.js'), 'utf8');
/**
 * The sandbox Forge gives every Custom UI iframe, which apps cannot change (custom-ui/iframe):
 * no popups, so `target="_blank"` and `window.open` do nothing — `router.open` asks the host.
 */
const FRAME_SANDBOX = ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-pointer-lock', 'allow-same-origin', 'allow-scripts'];
const FRAME_ALLOW = 'camera; clipboard-write; display-capture; fullscreen; microphone';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const JsonObject = v.pipe(
  v.record(v.string(), v.unknown()),
  v.check((value) => !Array.isArray(value), 'must be an object, not an array'),
);
/** Where the module instance is; which fields a module type takes is the runtime's to check. */
const PlaceBody = v.strictObject({
  issueKey: v.optional(v.pipe(v.string(), v.minLength(1))),
  pageId: v.optional(v.pipe(v.string(), v.minLength(1))),
  localId: v.optional(v.pipe(v.string(), v.minLength(1))),
  isEditing: v.optional(v.boolean()),
  config: v.optional(JsonObject),
  inputs: v.optional(JsonObject),
});
const InvokeBody = v.strictObject({
  module: v.pipe(v.string(), v.minLength(1)),
  functionKey: v.pipe(v.string(), v.minLength(1)),
  payload: v.optional(JsonObject),
  context: v.optional(PlaceBody),
});
/** A run of an action: the rule's configuration (or Rovo's inputs), the issue it runs for, the rule. */
const ActionBody = v.strictObject({
  inputs: v.optional(JsonObject),
  issueKey: v.optional(v.pipe(v.string(), v.minLength(1))),
  rule: v.optional(v.strictObject({ name: v.optional(v.string()) })),
  via: v.optional(v.picklist(['automation', 'rovo'])),
  consent: v.optional(v.boolean()),
});
const ActionConfigBody = v.strictObject({ inputs: JsonObject });
/** The HTTP status of each refusal of the runtime. */
const INVOCATION_STATUS: Record<InvocationErrorCode, number> = {
  UNKNOWN_MODULE: 404,
  NO_RESOLVER: 400,
  UNKNOWN_USER: 401,
  FUNCTION_FAILED: 500,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INVALID_CONTEXT: 400,
  UNKNOWN_ISSUE: 404,
  UNKNOWN_PAGE: 404,
  INVALID_EVENT: 400,
  INVALID_INPUTS: 400,
  ACTION_UNAVAILABLE: 400,
};

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Serves a local runtime over HTTP: web triggers at `/x1/<key>`, Custom UI resources at
 * `/modules/<module key>/` with the bridge shim, and resolvers at `POST /__forge/invoke`.
 */
export async function startLocalServer(runtime: LocalRuntime, options: { port?: number; host?: string } = {}): Promise<LocalServer> {
  // Filled in once the port is known: the addresses this server answers to.
  const own = { hosts: new Set<string>() };
  const server = createServer((req, res) => {
    handle(runtime, own.hosts, req, res).catch((error: unknown) => {
      const failure = error instanceof HttpFailure ? error : new HttpFailure(500, 'INTERNAL', 'The local runtime failed to answer.');
      if (!(error instanceof HttpFailure)) console.error('[forge-local]', error);
      if (!res.headersSent) sendJson(res, failure.status, { error: { code: failure.code, message: failure.message, ...failure.details } });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 8080, host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://localhost:${port}`;
  for (const name of new Set(['localhost', '127.0.0.1', '[::1]', host.includes(':') ? `[${host}]` : host]))
    own.hosts.add(`${name}:${port}`);
  runtime.baseUrl = url;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use. Stop the other process or choose another port with PORT=<number>.`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * A web trigger URL whose path and query `new URL()` would leave exactly as they are — no dot
 * segments, no characters it would percent-encode — is read without parsing it: most calls.
 */
const PLAIN_TRIGGER_URL = /^\/x1\/([\w-]+)((?:\/[\w\-.~!$&'()*+,;=:@%]*)*)(\?[\w\-.~!$&()*+,;=:@%/?]*)?$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

/** The web trigger a request URL names, and the path and query after its key; none for other URLs. */
export function webTriggerTarget(rawUrl: string): { key: string; rest: string } | undefined {
  const plain = PLAIN_TRIGGER_URL.exec(rawUrl);
  if (plain && !DOT_SEGMENT.test(plain[2] ?? '')) {
    // As `url.search`, an empty query is no query.
    return { key: plain[1] ?? '', rest: (plain[2] ?? '') + (plain[3] === '?' ? '' : (plain[3] ?? '')) };
  }
  const url = new URL(rawUrl, 'http://localhost');
  const trigger = /^\/x1\/([^/?]+)(\/.*)?$/.exec(url.pathname);
  return trigger ? { key: trigger[1] ?? '', rest: (trigger[2] ?? '') + url.search } : undefined;
}

async function handle(runtime: LocalRuntime, ownHosts: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/';
  const trigger = webTriggerTarget(raw);
  // Web triggers are public, as on Forge: whoever calls them brings a token the app checks.
  if (trigger) return serveWebTrigger(runtime, trigger.key, trigger.rest, req, res);
  const url = new URL(raw, 'http://localhost');
  checkAddressedHere(req, ownHosts);
  if (url.pathname === '/__forge/invoke') return serveInvoke(runtime, req, res);
  if (url.pathname === '/__forge/context') return serveContext(runtime, url, req, res);
  const scheduled = /^\/__forge\/scheduled\/([^/]+)$/.exec(url.pathname);
  if (scheduled) return serveScheduled(runtime, decodeURIComponent(scheduled[1] ?? ''), req, res);
  const event = /^\/__forge\/events\/([^/]+)$/.exec(url.pathname);
  if (event) return serveEvent(runtime, decodeURIComponent(event[1] ?? ''), req, res);
  const action = /^\/__forge\/actions\/([^/]+)(\/config)?$/.exec(url.pathname);
  if (action) {
    const key = decodeURIComponent(action[1] ?? '');
    return action[2] ? serveActionConfig(runtime, key, req, res) : serveAction(runtime, key, req, res);
  }
  if (url.pathname === '/__forge/bridge.js' || url.pathname === '/__forge/host.js') {
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': 'no-store' });
    res.end(url.pathname === '/__forge/bridge.js' ? BRIDGE_SHIM : HOST_SCRIPT);
    return;
  }
  const module = /^\/modules\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (module) return serveResource(runtime, module[1] ?? '', module[2], url, res);
  if (url.pathname === '/') return serveIndex(runtime, res);
  throw new HttpFailure(404, 'NOT_FOUND', `Nothing is served at ${url.pathname}.`);
}

async function serveWebTrigger(runtime: LocalRuntime, key: string, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!runtime.manifest.webTriggers.has(key)) throw new HttpFailure(404, 'NOT_FOUND', `No web trigger '${key}'.`);
  const received = await readBody(req, runtime.limits.payloadBytes);
  const response = await runtime.invokeWebTrigger(key, {
    method: req.method ?? 'GET',
    url: rest,
    headers: headersAsSent(req),
    body: received.toString('utf8'),
  });
  const body = response.body ?? '';
  try {
    // One header line per value, as a flat list: Node checks each name and value as it writes them.
    const lines: string[] = [];
    let length = true;
    for (const name in response.headers) {
      if (name.length === 14 && name.toLowerCase() === 'content-length') length = false;
      for (const value of response.headers[name] ?? []) lines.push(name, value);
    }
    // Headers written first would make Node send the body chunked: its length goes with them.
    if (length) lines.push('content-length', String(Buffer.byteLength(body)));
    if (response.statusText) res.writeHead(response.statusCode, response.statusText.replace(/[\r\n]/g, ' '), lines);
    else res.writeHead(response.statusCode, lines);
  } catch (error) {
    // A header name or value HTTP cannot carry: the platform answers such a result with a 500.
    console.error(`[forge-local] web trigger '${key}' returned a header HTTP cannot send:`, error);
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal Server Error');
    return;
  }
  res.end(body);
}

/**
 * The runtime's own endpoints act as a signed-in user, so only pages it served may call them: a
 * request must be addressed to this server by name (a web page on another site whose name
 * resolves here — DNS rebinding — sends its own name as Host) and, when a browser says where it
 * comes from, come from here.
 */
function checkAddressedHere(req: IncomingMessage, ownHosts: ReadonlySet<string>): void {
  const host = headerValue(req, 'host') ?? '';
  if (!ownHosts.has(host))
    throw new HttpFailure(403, 'FOREIGN_HOST', `This runtime answers requests for ${[...ownHosts][0]}, not ${host || 'no host'}.`);
  const origin = headerValue(req, 'origin');
  if (origin !== undefined && !ownHosts.has(origin.replace(/^http:\/\//, ''))) {
    throw new HttpFailure(403, 'FOREIGN_ORIGIN', `Requests from ${origin} are not accepted.`);
  }
}

/** A JSON body is required, so no HTML form or other "simple" cross-site request can post one. */
function requireJson(req: IncomingMessage): void {
  const type = headerValue(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpFailure(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as Content-Type: application/json.');
}

/** Every call names its user; none acts as an admin by default. */
function requireUser(req: IncomingMessage): string {
  const accountId = headerValue(req, ACCOUNT_HEADER);
  if (!accountId) throw new HttpFailure(401, 'NO_USER', `Name the acting user in the ${ACCOUNT_HEADER} header.`);
  return accountId;
}

async function serveInvoke(runtime: LocalRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') throw new HttpFailure(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  requireJson(req);
  const accountId = requireUser(req);
  const raw = await readBody(req, runtime.limits.invokeRequestBytes + INVOKE_ENVELOPE_BYTES);
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpFailure(400, 'MALFORMED_BODY', 'The body must be JSON: { "module", "functionKey", "payload" }.');
  }
  const parsed = v.safeParse(InvokeBody, parsedJson);
  if (!parsed.success) {
    const detail = parsed.issues.map((i) => `${v.getDotPath(i) || 'body'}: ${i.message}`).join('; ');
    throw new HttpFailure(400, 'MALFORMED_BODY', `The body must be { "module", "functionKey", "payload" } (${detail}).`);
  }
  const { module, functionKey, payload, context } = parsed.output;
  const result = await asHttpFailure(() =>
    runtime.invokeResolver({ moduleKey: module, functionKey, payload: payload ?? {}, accountId, ...(context ? { context } : {}) }),
  );
  sendJson(res, 200, result ?? null);
}

/** Runs `work`, turning the runtime's refusals into HTTP answers. */
async function asHttpFailure<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvocationError) throw new HttpFailure(INVOCATION_STATUS[error.code], error.code, error.message, error.details);
    throw error;
  }
}

async function serveContext(runtime: LocalRuntime, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const moduleKey = url.searchParams.get('module') ?? '';
  if (!runtime.manifest.uiModules.has(moduleKey)) throw new HttpFailure(404, 'UNKNOWN_MODULE', `No Custom UI module '${moduleKey}'.`);
  const accountId = requireUser(req);
  sendJson(res, 200, await asHttpFailure(() => runtime.browserContext(moduleKey, accountId, placeFromQuery(url.searchParams))));
}

/**
 * The place of a module instance from a page's query: `issueKey`, or `pageId` and `localId` with
 * `isEditing=true|false` and `config` as JSON, as the bridge shim forwards them.
 */
function placeFromQuery(query: URLSearchParams): ModuleContextInput {
  const place: ModuleContextInput = {};
  for (const name of ['issueKey', 'pageId', 'localId'] as const) {
    const value = query.get(name);
    if (value !== null) place[name] = value;
  }
  const inputs = query.get('inputs');
  if (inputs !== null) place.inputs = jsonObjectParam(inputs, 'inputs');
  const isEditing = query.get('isEditing');
  if (isEditing !== null) {
    if (isEditing !== 'true' && isEditing !== 'false') throw new HttpFailure(400, 'INVALID_CONTEXT', 'isEditing must be true or false.');
    place.isEditing = isEditing === 'true';
  }
  const config = query.get('config');
  if (config !== null) place.config = jsonObjectParam(config, 'config');
  return place;
}

function jsonObjectParam(text: string, name: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpFailure(400, 'INVALID_CONTEXT', `${name} must be a JSON object.`);
  }
  if (!v.is(JsonObject, parsed)) throw new HttpFailure(400, 'INVALID_CONTEXT', `${name} must be a JSON object.`);
  return parsed;
}

/** The body of a runtime endpoint, as JSON of `schema`; `what` says what the body should be. */
async function jsonBody<S extends v.GenericSchema>(
  req: IncomingMessage,
  limit: number,
  schema: S,
  what: string,
): Promise<v.InferOutput<S>> {
  requireJson(req);
  const raw = await readBody(req, limit);
  let parsedJson: unknown = {};
  if (raw.length > 0) {
    try {
      parsedJson = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpFailure(400, 'MALFORMED_BODY', `The body must be JSON: ${what}.`);
    }
  }
  const parsed = v.safeParse(schema, parsedJson);
  if (!parsed.success) {
    const detail = parsed.issues.map((i) => `${v.getDotPath(i) || 'body'}: ${i.message}`).join('; ');
    throw new HttpFailure(400, 'MALFORMED_BODY', `The body must be ${what} (${detail}).`);
  }
  return parsed.output;
}

/**
 * `POST /__forge/actions/<key>` runs an action as a rule (or Rovo) would, as the user in
 * X-Forge-Account-Id — the rule's connection: `{ inputs?, issueKey?, rule?: { name? }, via?, consent? }`.
 */
async function serveAction(runtime: LocalRuntime, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') throw new HttpFailure(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  const accountId = requireUser(req);
  const body = await jsonBody(req, runtime.limits.payloadBytes, ActionBody, '{ "inputs", "issueKey"?, "rule"?, "via"?, "consent"? }');
  const { inputs, issueKey, rule, via, consent } = body;
  const run = await asHttpFailure(() =>
    runtime.runAction(key, {
      accountId,
      ...(inputs ? { inputs } : {}),
      ...(issueKey ? { issueKey } : {}),
      ...(rule ? { rule } : {}),
      ...(via ? { via } : {}),
      ...(consent !== undefined ? { consent } : {}),
    }),
  );
  sendJson(res, 200, run);
}

/** `POST /__forge/actions/<key>/config` with `{ inputs }`: Automation's checks before it saves a rule. */
async function serveActionConfig(runtime: LocalRuntime, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') throw new HttpFailure(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  requireUser(req);
  const { inputs } = await jsonBody(req, runtime.limits.payloadBytes, ActionConfigBody, '{ "inputs" }');
  sendJson(res, 200, await asHttpFailure(() => runtime.validateActionConfig(key, inputs)));
}

/** `POST /__forge/scheduled/<key>`: runs a scheduled trigger now, as its interval would. */
async function serveScheduled(runtime: LocalRuntime, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') throw new HttpFailure(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  if (hasBody(req)) requireJson(req);
  await readBody(req, INVOKE_ENVELOPE_BYTES);
  if (!runtime.manifest.scheduledTriggers.has(key))
    throw new HttpFailure(404, 'UNKNOWN_MODULE', `No scheduled trigger '${key}' in the manifest.`);
  sendJson(res, 200, await asHttpFailure(() => runtime.runScheduledTrigger(key)));
}

/** `POST /__forge/events/<event name>` with the payload as JSON: delivers it to the triggers subscribed to it. */
async function serveEvent(runtime: LocalRuntime, eventName: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') throw new HttpFailure(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  requireJson(req);
  const raw = await readBody(req, runtime.limits.payloadBytes);
  let payload: unknown = {};
  if (raw.length > 0) {
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpFailure(400, 'MALFORMED_BODY', 'The body must be the event payload as a JSON object.');
    }
  }
  if (!v.is(JsonObject, payload)) throw new HttpFailure(400, 'MALFORMED_BODY', 'The body must be the event payload as a JSON object.');
  sendJson(res, 200, await asHttpFailure(() => runtime.fireEvent(eventName, payload)));
}

async function serveResource(
  runtime: LocalRuntime,
  moduleKey: string,
  rest: string | undefined,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const module = runtime.manifest.uiModules.get(moduleKey);
  if (!module) throw new HttpFailure(404, 'UNKNOWN_MODULE', `No Custom UI module '${moduleKey}'.`);
  if (rest === undefined) {
    res.writeHead(302, { location: `/modules/${moduleKey}/${url.search}` });
    res.end();
    return;
  }
  if (rest === '/') {
    // A module that lives on an issue or a page exists only there: its place is checked before the page is served.
    await asHttpFailure(() =>
      runtime.browserContext(moduleKey, url.searchParams.get('accountId') ?? runtime.defaultAccountId, placeFromQuery(url.searchParams)),
    );
    return serveHostPage(runtime, moduleKey, url, res);
  }
  if (!rest.startsWith('/frame/')) throw new HttpFailure(404, 'NOT_FOUND', `Nothing is served at ${url.pathname}.`);
  const root = runtime.manifest.resources.get(module.resourceKey) ?? '';
  const inFrame = rest.slice('/frame'.length);
  const relative = decodeURIComponent(inFrame === '/' ? '/index.html' : inFrame);
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) throw new HttpFailure(404, 'NOT_FOUND', 'Not found.');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new HttpFailure(404, 'NOT_FOUND', `No file ${relative} in resource '${module.resourceKey}'.`);
  const headers = {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': contentSecurityPolicy(runtime.manifest.content),
    'cache-control': 'no-store',
  };
  if (path.basename(file) === 'index.html') {
    // The platform hosts Custom UI in an iframe that provides the bridge before the app loads;
    // here a classic script in <head> does the same, ahead of the app's deferred module scripts.
    // Without ?accountId= the page acts as the site's first admin: named here, in a page only
    // this server's own pages can read, so every call the bridge makes names its user.
    const user = escapeHtml(url.searchParams.get('accountId') ?? runtime.defaultAccountId);
    const html = readFileSync(file, 'utf8').replace(
      /<head>/i,
      `<head><script src="/__forge/bridge.js" data-account-id="${user}"></script>`,
    );
    res.writeHead(200, headers);
    res.end(html);
    return;
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}

/** The page around the app: its resource in an iframe with Forge's sandbox, and the host script. */
function serveHostPage(runtime: LocalRuntime, moduleKey: string, url: URL, res: ServerResponse): void {
  const module = runtime.manifest.uiModules.get(moduleKey);
  // manifest-reference/permissions: `fetch.client: - address: "*"` adds allow-popups and allow-popups-to-escape-sandbox.
  const popups = runtime.manifest.content.external.fetchClient.includes('*') ? ['allow-popups', 'allow-popups-to-escape-sandbox'] : [];
  const frameUrl = `/modules/${encodeURIComponent(moduleKey)}/frame/${url.search}`;
  const action = module?.type === 'action' ? runtime.manifest.actions.get(moduleKey) : undefined;
  if (action) return serveActionPanel(runtime, action, frameUrl, url, res, [...FRAME_SANDBOX, ...popups]);
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(module?.title ?? moduleKey)} (Forge local runtime)</title>`,
    '<style>html,body{margin:0;height:100%}iframe{border:0;display:block;width:100%;height:100%}</style></head><body>',
    `<iframe id="forge-frame" title="${escapeHtml(module?.title ?? moduleKey)}" data-src="${escapeHtml(frameUrl)}"`,
    ` sandbox="${[...FRAME_SANDBOX, ...popups].join(' ')}" allow="${FRAME_ALLOW}" data-site-url="${escapeHtml(runtime.site.siteUrl)}"></iframe>`,
    '<script src="/__forge/host.js"></script></body></html>',
  ].join('');
  sendHostHtml(res, html);
}

/** A page of the runtime's own around an app frame: its scripts only, inline styles allowed. */
function sendHostHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES['.html'],
    'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
  });
  res.end(html);
}

const PANEL_STYLE = [
  'html,body{margin:0;font:14px/1.43 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#292a2e;background:#f8f8f8}',
  '.panel{box-sizing:border-box;max-width:560px;min-height:100vh;margin:0 auto;background:#fff;border-left:1px solid #dcdfe4;border-right:1px solid #dcdfe4;display:flex;flex-direction:column}',
  'header{padding:20px 24px 8px}h1{font-size:20px;margin:0 0 4px}header p{margin:0;color:#505258}',
  'iframe{border:0;display:block;width:100%;height:480px}',
  'footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 24px;border-top:1px solid #dcdfe4}',
  'button{font:inherit;padding:6px 12px;border-radius:3px;border:0;cursor:pointer;background:#f1f2f4}',
  'button#forge-action-next{background:#1868db;color:#fff}button:disabled{opacity:.5;cursor:not-allowed}',
  'section{padding:8px 24px 24px;color:#505258}section h2{font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin:8px 0}',
  'pre{white-space:pre-wrap;word-break:break-all;background:#f8f8f8;padding:8px;margin:0;font-size:12px}',
  'body.dark{color:#cecfd2;background:#101214}body.dark .panel{background:#1f1f21;border-color:#3d3f43}body.dark header p,body.dark section{color:#a9abaf}',
  'body.dark footer{border-color:#3d3f43}body.dark button{background:#2b2c2f;color:#cecfd2}body.dark button#forge-action-next{background:#669df1;color:#1f1f21}',
  'body.dark pre{background:#101214}',
].join('');

/**
 * An action's configuration form as Automation shows it: in the rule builder's panel, under the
 * action's name and description, with Back and Next below; the runtime's panel also shows what
 * the form submitted and whether Automation would save it.
 */
function serveActionPanel(
  runtime: LocalRuntime,
  action: ActionDeclaration,
  frameUrl: string,
  url: URL,
  res: ServerResponse,
  sandbox: string[],
): void {
  const user = url.searchParams.get('accountId') ?? runtime.defaultAccountId;
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(action.name)} (Automation action, Forge local runtime)</title>`,
    `<style>${PANEL_STYLE}</style></head><body${url.searchParams.get('theme') === 'dark' ? ' class="dark"' : ''}><main class="panel">`,
    `<header><h1 id="forge-action-name">${escapeHtml(action.name)}</h1><p>${escapeHtml(action.description)}</p></header>`,
    `<iframe id="forge-frame" title="${escapeHtml(action.name)}" data-src="${escapeHtml(frameUrl)}" data-action-key="${escapeHtml(action.key)}"`,
    ` data-account-id="${escapeHtml(user)}" sandbox="${sandbox.join(' ')}" allow="${FRAME_ALLOW}" data-site-url="${escapeHtml(runtime.site.siteUrl)}"></iframe>`,
    '<footer><button id="forge-action-back" type="button">Back</button><button id="forge-action-next" type="button" disabled>Next</button></footer>',
    '<section><h2>Configuration (what the rule saves)</h2><pre id="forge-action-config" data-state="none">Nothing submitted yet.</pre>',
    '<ul id="forge-action-errors"></ul></section>',
    '</main><script src="/__forge/host.js"></script></body></html>',
  ].join('');
  sendHostHtml(res, html);
}

function serveIndex(runtime: LocalRuntime, res: ServerResponse): void {
  const links = [
    ...[...runtime.manifest.uiModules.values()].map(
      (m) => `<li><a href="${escapeHtml(moduleUrl(runtime, m.key))}">${escapeHtml(m.title)}</a> (${m.type})</li>`,
    ),
    ...[...runtime.manifest.webTriggers.keys()].map((k) => `<li>web trigger <code>${runtime.webTriggerUrl(k)}</code></li>`),
    ...[...runtime.manifest.scheduledTriggers.values()].map(
      (t) =>
        `<li>scheduled trigger <code>${escapeHtml(t.key)}</code> (${t.interval}): <code>POST /__forge/scheduled/${escapeHtml(t.key)}</code></li>`,
    ),
    ...[...runtime.manifest.triggers.values()].map(
      (t) =>
        `<li>trigger <code>${escapeHtml(t.key)}</code>: ${t.events.map((e) => `<code>POST /__forge/events/${escapeHtml(e)}</code>`).join(', ')}</li>`,
    ),
    ...[...runtime.manifest.actions.values()].map(
      (a) =>
        `<li>action <code>${escapeHtml(a.key)}</code> (${escapeHtml(a.name)}): <code>POST /__forge/actions/${escapeHtml(a.key)}</code></li>`,
    ),
  ];
  res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
  res.end(`<!doctype html><title>Forge local runtime</title><h1>Forge local runtime</h1><ul>${links.join('')}</ul>`);
}

/** A module's page, on the fixture's first issue or page when it lives on one. */
export function moduleUrl(runtime: LocalRuntime, moduleKey: string): string {
  const module = runtime.manifest.uiModules.get(moduleKey);
  const base = `/modules/${encodeURIComponent(moduleKey)}/`;
  if (module?.place === 'issue') {
    const issue = runtime.site.jira.projects.flatMap((p) => p.issues)[0];
    return issue ? `${base}?issueKey=${encodeURIComponent(issue.key)}` : base;
  }
  if (module?.place === 'content') {
    const page = runtime.site.confluence.spaces.flatMap((s) => s.pages).find((p) => p.status === 'current');
    return page ? `${base}?pageId=${encodeURIComponent(page.id)}&localId=local-macro-1` : base;
  }
  return base;
}

/**
 * The CSP of a Custom UI resource, from the manifest's `permissions.content` and
 * `permissions.external` (manifest-reference/permissions); `data:` and `blob:` images and fonts
 * are allowed as Atlaskit needs them.
 */
function contentSecurityPolicy(content: ContentPermissions): string {
  const sources = (base: string[], extra: string[]): string =>
    [...base, ...extra.map((source) => (source === 'unsafe-inline' || source === 'unsafe-hashes' ? `'${source}'` : source))].join(' ');
  return [
    "default-src 'self'",
    `script-src ${sources(["'self'"], [...content.scripts, ...content.external.scripts])}`,
    `style-src ${sources(["'self'"], [...content.styles, ...content.external.styles])}`,
    `img-src ${sources(["'self'", 'data:', 'blob:'], content.external.images)}`,
    `font-src ${sources(["'self'", 'data:'], content.external.fonts)}`,
    `connect-src ${sources(["'self'"], content.external.fetchClient)}`,
    ...(content.external.frames.length > 0 ? [`frame-src ${content.external.frames.join(' ')}`] : []),
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

const NO_BODY = Buffer.alloc(0);

/** A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3), nor has one of length 0. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (!hasBody(req)) {
    req.resume();
    return NO_BODY;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpFailure(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Header names in the caller's case, one value per header line (Node would join or drop repeats). */
function headersAsSent(req: IncomingMessage): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    headers[name] = [...(headers[name] ?? []), req.rawHeaders[i + 1]!];
  }
  return headers;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
