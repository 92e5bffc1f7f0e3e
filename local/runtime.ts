import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installForgeGlobals } from './forge-globals';
import { runInvocation, type Invocation, type RuntimeBinding } from './invocation';
import { createKvsService, createMemoryBackend, openLmdbBackend, type KvsFidelity, type KvsService } from './kvs';
import { FORGE_LIMITS, InvocationWindows, rateLimitHeaders, withTimeout, type ForgeLimits } from './limits';
import { loadManifest, type LocalManifest } from './manifest';
import { matchRoute, productRoutes } from './product/routes';
import { loadSite, type Site } from './product/site';
import { isWebTriggerResponse, toWebTriggerRequest, type SimpleRequest, type WebTriggerResponse } from './web-trigger';

export type StorageOption = { kind: 'memory' } | { kind: 'lmdb'; dir: string };

export type LocalRuntimeOptions = {
  /** The app's manifest; default `manifest.yml` in the current folder. */
  manifestPath?: string;
  /** The fixture site; default the app's `local/site.json`, else the one this runtime ships. */
  sitePath?: string;
  storage?: StorageOption;
  /**
   * The site's cloud id instead of the fixture's: each runtime a separate installation to the
   * app, so state an app keeps in memory per installation never crosses from one test to another.
   */
  cloudId?: string;
  /** Where web trigger URLs point, e.g. `http://localhost:8080`. */
  baseUrl?: string;
  /** Where Forge's documentation allows more than one behaviour, take the one that is harder on the app. */
  fidelity?: KvsFidelity;
  /** Forge's invocation limits; tests may lower the timeouts. */
  limits?: Partial<ForgeLimits>;
  /** Receives errors that functions throw (the platform logs them; tests may collect them). */
  onFunctionError?: (error: unknown, where: string) => void;
};

export type ResolverCall = { moduleKey: string; functionKey: string; payload?: unknown; accountId?: string };

export class InvocationError extends Error {
  constructor(
    readonly code: 'UNKNOWN_MODULE' | 'NO_RESOLVER' | 'UNKNOWN_USER' | 'FUNCTION_FAILED' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED',
    message: string,
  ) {
    super(message);
    this.name = 'InvocationError';
  }
}

type FunctionHandler = (...args: unknown[]) => unknown;

/**
 * Runs a Forge app's functions on this machine: web triggers and Custom UI resolvers, with the
 * real `@forge/*` packages talking to an emulated KVS and a fixture site.
 */
export class LocalRuntime {
  readonly manifest: LocalManifest;
  readonly site: Site;
  baseUrl: string;
  private readonly kvs: KvsService;
  private readonly storageRequestCounts = new Map<string, number>();
  private readonly productRequestCounts = new Map<string, number>();
  private storageFault = { skip: 0, fail: 0, status: 503 };
  private storageLatency: { ms: number; wait: (ms: number) => Promise<void> | void } = { ms: 0, wait: sleep };
  private readonly binding: RuntimeBinding;
  private readonly handlers = new Map<string, FunctionHandler>();
  private readonly onFunctionError: (error: unknown, where: string) => void;
  readonly limits: ForgeLimits;
  private readonly windows = new InvocationWindows();

  constructor(options: LocalRuntimeOptions = {}) {
    installForgeGlobals();
    this.manifest = loadManifest(options.manifestPath ?? 'manifest.yml');
    const site = loadSite(options.sitePath ?? defaultSitePath(this.manifest.appDir));
    this.site = options.cloudId ? { ...site, cloudId: options.cloudId } : site;
    this.baseUrl = options.baseUrl ?? 'http://localhost:8080';
    this.onFunctionError = options.onFunctionError ?? ((error, where) => console.error(`[forge-local] ${where} failed:`, error));
    this.limits = { ...FORGE_LIMITS, ...options.limits };
    const storage = options.storage ?? { kind: 'memory' };
    this.kvs = createKvsService({
      backend: storage.kind === 'lmdb' ? openLmdbBackend(storage.dir) : createMemoryBackend(),
      entities: this.manifest.entities,
      ...(options.fidelity ? { fidelity: options.fidelity } : {}),
    });
    const routes = productRoutes({ site: this.site, webTriggerUrl: (key) => this.webTriggerUrl(key) });
    this.binding = {
      appId: this.manifest.appId,
      installContext: `ari:cloud:jira::site/${this.site.cloudId}`,
      kvs: {
        handle: async (requestPath, body) => {
          this.storageRequestCounts.set(requestPath, (this.storageRequestCounts.get(requestPath) ?? 0) + 1);
          if (this.storageLatency.ms > 0) await this.storageLatency.wait(this.storageLatency.ms);
          if (this.storageFault.skip > 0) this.storageFault.skip--;
          else if (this.storageFault.fail > 0) {
            this.storageFault.fail--;
            return injectedFailure(this.storageFault.status);
          }
          return this.kvs.handle(requestPath, body);
        },
        close: () => this.kvs.close(),
      },
      product: (remote, actor, method, url, body) => {
        const call = `${method} ${remote} ${url.pathname}`;
        this.productRequestCounts.set(call, (this.productRequestCounts.get(call) ?? 0) + 1);
        const table = routes[remote as keyof typeof routes];
        return table
          ? matchRoute(table, { method, url, body, actor })
          : { status: 501, body: { message: `No emulation of remote '${remote}'.` } };
      },
      findUser: (accountId) => {
        const user = this.site.users.find((u) => u.accountId === accountId);
        return user ? { kind: 'user', user } : undefined;
      },
    };
  }

  get installContext(): string {
    return this.binding.installContext;
  }

  /** The first admin of the fixture site: the default acting user. */
  get defaultAccountId(): string {
    const admin = this.site.users.find((u) => u.jiraAdmin || u.confluenceAdmin) ?? this.site.users[0];
    return admin?.accountId ?? '';
  }

  webTriggerUrl(triggerKey: string): string {
    return `${this.baseUrl}/x1/${triggerKey}`;
  }

  /** Runs `fn` as an invocation of this app, so Forge APIs called inside it work. */
  run<T>(fn: () => Promise<T>, options: { accountId?: string; moduleKey?: string } = {}): Promise<T> {
    return runInvocation(this.invocation(options.accountId, options.moduleKey ?? 'local'), fn);
  }

  /**
   * Calls a web trigger the way the platform does (events-reference/web-trigger): a request over
   * 5 MB in all is refused, a result that is not a response or comes after 55 s answers 500, and
   * every answer carries the platform's X-Ratelimit headers.
   */
  async invokeWebTrigger(triggerKey: string, request: SimpleRequest = {}): Promise<WebTriggerResponse> {
    const trigger = this.manifest.webTriggers.get(triggerKey);
    if (!trigger) throw new InvocationError('UNKNOWN_MODULE', `No web trigger '${triggerKey}' in the manifest.`);
    const handler = this.handler(trigger.functionKey);
    const event = toWebTriggerRequest(triggerKey, request);
    const window = this.windows.take(this.installContext, this.limits.invocationsPerInstallationPerMinute, Date.now());
    const withLimits = (response: WebTriggerResponse): WebTriggerResponse => ({
      ...response,
      headers: { ...response.headers, ...rateLimitHeaders(window) },
    });
    if (byteSize(event) > this.limits.payloadBytes) {
      return withLimits({ statusCode: 413, headers: { 'content-type': ['text/plain'] }, body: 'Payload Too Large' });
    }
    const context = { installContext: this.installContext, installation: this.installation() };
    const where = `web trigger '${triggerKey}'`;
    const failed = (error: unknown): WebTriggerResponse => {
      this.onFunctionError(error, where);
      return PLATFORM_ERROR;
    };
    const run = runInvocation(this.invocation(undefined, triggerKey, this.limits.webTriggerTimeoutMs), async () =>
      handler(event, context),
    ).then((result) => {
      if (!isWebTriggerResponse(result)) return failed(new Error('the function returned something that is not a web trigger response'));
      if (byteSize(result) > this.limits.payloadBytes) return failed(new Error('the response is larger than 5 MB'));
      return result;
    }, failed);
    const timedOut = (): WebTriggerResponse => failed(new Error(`it ran longer than ${this.limits.webTriggerTimeoutMs} ms`));
    return withLimits(await withTimeout(run, this.limits.webTriggerTimeoutMs, timedOut));
  }

  /**
   * Calls a Custom UI resolver the way `invoke()` from `@forge/bridge` reaches it, with the
   * platform's limits: 500 KB in, 5 MB out, 25 s, and 1,200 invocations a minute per user.
   */
  async invokeResolver(call: ResolverCall): Promise<unknown> {
    const module = this.manifest.uiModules.get(call.moduleKey);
    if (!module) throw new InvocationError('UNKNOWN_MODULE', `No Custom UI module '${call.moduleKey}' in the manifest.`);
    if (!module.resolverFunctionKey) throw new InvocationError('NO_RESOLVER', `Module '${call.moduleKey}' has no resolver.`);
    const accountId = call.accountId ?? this.defaultAccountId;
    if (!this.binding.findUser(accountId)) throw new InvocationError('UNKNOWN_USER', `No user '${accountId}' on the fixture site.`);
    const payload = call.payload ?? {};
    if (byteSize(payload) > this.limits.invokeRequestBytes) {
      throw new InvocationError('PAYLOAD_TOO_LARGE', `The payload is over ${this.limits.invokeRequestBytes} bytes.`);
    }
    const now = Date.now();
    const perUser = this.windows.take(`${this.installContext} ${accountId}`, this.limits.invocationsPerUserPerMinute, now);
    const perInstallation = this.windows.take(this.installContext, this.limits.invocationsPerInstallationPerMinute, now);
    if (perUser.exceeded || perInstallation.exceeded) {
      throw new InvocationError('RATE_LIMITED', 'Too many invocations this minute (limits-invocation).');
    }
    const handler = this.handler(module.resolverFunctionKey);
    const event = { call: { functionKey: call.functionKey, payload }, context: this.browserContext(call.moduleKey, accountId) };
    const backendPayload = { principal: { accountId }, installContext: this.installContext, installation: this.installation() };
    const where = `resolver '${call.functionKey}' of '${call.moduleKey}'`;
    const failed = (error: unknown): never => {
      this.onFunctionError(error, where);
      throw new InvocationError('FUNCTION_FAILED', `The resolver '${call.functionKey}' failed.`);
    };
    const invocation = this.invocation(accountId, call.moduleKey, this.limits.resolverTimeoutMs);
    const run = runInvocation(invocation, async () => handler(event, backendPayload)).then((result) => {
      if (byteSize(result ?? null) > this.limits.invokeResponseBytes) failed(new Error('the answer is larger than 5 MB'));
      return result;
    }, failed);
    return withTimeout(run, this.limits.resolverTimeoutMs, () =>
      failed(new Error(`it ran longer than ${this.limits.resolverTimeoutMs} ms`)),
    );
  }

  /** What `view.getContext()` answers in a Custom UI module (fields the browser could forge). */
  browserContext(moduleKey: string, accountId: string): Record<string, unknown> {
    const module = this.manifest.uiModules.get(moduleKey);
    return {
      accountId,
      cloudId: this.site.cloudId,
      siteUrl: this.site.siteUrl,
      moduleKey,
      localId: `local-${moduleKey}`,
      environmentType: 'DEVELOPMENT',
      environmentId: 'local',
      locale: 'en-US',
      timezone: 'UTC',
      extension: { type: module?.type ?? 'unknown' },
    };
  }

  /**
   * Storage requests made since the last reset, by KVS API path (e.g. `/api/v1/entity/get`): what
   * a request really costs, for tests and benchmarks.
   */
  storageRequests(): { total: number; byPath: Record<string, number> } {
    const byPath = Object.fromEntries(this.storageRequestCounts);
    return { total: Object.values(byPath).reduce((sum, n) => sum + n, 0), byPath };
  }

  resetStorageRequests(): void {
    this.storageRequestCounts.clear();
    this.productRequestCounts.clear();
  }

  /** Product REST calls (Jira, Confluence, GraphQL) made since the last reset, by method and path. */
  productRequests(): { total: number; byCall: Record<string, number> } {
    const byCall = Object.fromEntries(this.productRequestCounts);
    return { total: Object.values(byCall).reduce((sum, n) => sum + n, 0), byCall };
  }

  /**
   * Makes `count` storage requests fail, after letting `after` more through; for failure tests.
   * 503 by default, as an outage would; 429 answers Forge's documented RATE_LIMIT_EXCEEDED
   * (storage-reference/handling-errors-kvs). `failStorage(0)` ends it.
   */
  failStorage(count: number, options: { after?: number; status?: 429 | 503 } = {}): void {
    this.storageFault = { skip: options.after ?? 0, fail: count, status: options.status ?? 503 };
  }

  /**
   * Delays every storage request by `ms`, as the network between a Forge function and its storage
   * does; for measuring what a number of sequential requests costs, and for races. 0 ends it.
   * `wait` replaces the real wait, e.g. with a fake clock's advance: the time passes at once.
   */
  delayStorage(ms: number, options: { wait?: (ms: number) => Promise<void> | void } = {}): void {
    this.storageLatency = { ms, wait: options.wait ?? sleep };
  }

  /** Loads every function the manifest names, so a broken handler fails at start, not at first call. */
  loadFunctions(): void {
    for (const key of this.manifest.functions.keys()) this.handler(key);
  }

  async close(): Promise<void> {
    await this.kvs.close();
  }

  private invocation(accountId: string | undefined, moduleKey: string, timeoutMs = this.limits.resolverTimeoutMs): Invocation {
    return { runtime: this.binding, accountId, moduleKey, invocationId: randomUUID(), deadline: Date.now() + timeoutMs };
  }

  /** The `installation` of a function's context (function-reference/arguments). */
  private installation(): object {
    const installationId = `local-${this.site.cloudId}`;
    const ari = `ari:cloud:ecosystem::installation/${installationId}`;
    const cloud = `ari:cloud:jira::site/${this.site.cloudId}`;
    return {
      ari: { installationId, toString: () => ari },
      contexts: [{ cloudId: this.site.cloudId, toString: () => cloud }],
    };
  }

  private handler(functionKey: string): FunctionHandler {
    const cached = this.handlers.get(functionKey);
    if (cached) return cached;
    const declaration = this.manifest.functions.get(functionKey);
    if (!declaration) throw new InvocationError('UNKNOWN_MODULE', `No function '${functionKey}' in the manifest.`);
    // Loaded on first use, after the globals exist: the SDK packages read them at load time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(declaration.file) as Record<string, unknown>;
    const handler = exports[declaration.exportName];
    if (typeof handler !== 'function') {
      throw new InvocationError(
        'FUNCTION_FAILED',
        `function '${functionKey}': ${path.relative(this.manifest.appDir, declaration.file)} has no exported function '${declaration.exportName}'`,
      );
    }
    this.handlers.set(functionKey, handler as FunctionHandler);
    return handler as FunctionHandler;
  }
}

/** What the platform answers for a function that failed, timed out or returned no response. */
const PLATFORM_ERROR: WebTriggerResponse = { statusCode: 500, headers: { 'content-type': ['text/plain'] }, body: 'Internal Server Error' };

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

function injectedFailure(status: number): { status: number; body: { code: string; message: string } } {
  return status === 429
    ? { status, body: { code: 'RATE_LIMIT_EXCEEDED', message: 'Injected rate limit (local runtime).' } }
    : { status, body: { code: 'SERVICE_UNAVAILABLE', message: 'Injected storage failure (local runtime).' } };
}

function defaultSitePath(appDir: string): string {
  const appSite = path.join(appDir, 'local', 'site.json');
  return existsSync(appSite) ? appSite : path.join(__dirname, 'site.json');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
