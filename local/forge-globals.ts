import { currentInvocation, maybeCurrentInvocation } from './invocation';
import type { Actor } from './product/site';

type FetchContext = { type?: string; provider?: string; remote?: string; accountId?: string };
type FetchInit = { method?: string; body?: unknown; headers?: unknown };
type GlobalWithForge = typeof globalThis & {
  __forge_fetch__?: (context: FetchContext, path: string, init?: FetchInit) => Promise<Response | StorageResponse>;
  __forge_runtime__?: unknown;
};

const NO_OP_METRIC = { incr: (): void => undefined, stop: (): void => undefined, measure: () => NO_OP_METRIC };
const METRICS = { counter: () => NO_OP_METRIC, timing: () => NO_OP_METRIC, gauge: () => NO_OP_METRIC };

/**
 * Installs the two globals the Forge SDK packages talk through: `__forge_fetch__` (storage and
 * product calls) and `__forge_runtime__` (app and invocation metadata). Both resolve the current
 * invocation at call time, so several runtimes and concurrent invocations can share one process.
 * Must run before `@forge/kvs` is first required: it picks its transport at load time.
 */
export function installForgeGlobals(): void {
  const g = globalThis as GlobalWithForge;
  if (g.__forge_fetch__) return;
  g.__forge_fetch__ = forgeFetch;
  Object.defineProperty(g, '__forge_runtime__', {
    configurable: true,
    get: () => {
      const invocation = maybeCurrentInvocation();
      if (!invocation) return undefined;
      const { runtime, invocationId, moduleKey, deadline, accountId } = invocation;
      return {
        // The invoking user's account id, which `authorize()` of @forge/api reads; none for web
        // triggers, schedules and events, where it then throws as on the platform.
        aaid: accountId,
        appContext: {
          appId: runtime.appId,
          environmentId: 'local',
          environmentType: 'DEVELOPMENT',
          invocationId,
          installationId: 'local',
          moduleKey,
        },
        contextAri: runtime.installContext,
        metrics: METRICS,
        tracing: { traceId: invocationId, spanId: invocationId },
        lambdaContext: { getRemainingTimeInMillis: (): number => Math.max(0, deadline - Date.now()) },
      };
    },
  });
}

async function forgeFetch(context: FetchContext, path: string, init: FetchInit = {}): Promise<Response | StorageResponse> {
  const { runtime, accountId, withoutConsent } = currentInvocation();
  const body = typeof init.body === 'string' ? init.body : init.body === undefined ? undefined : String(init.body);
  if (context.type === 'kvs') {
    let parsed: unknown;
    try {
      parsed = body === undefined ? {} : JSON.parse(body);
    } catch {
      return new StorageResponse(400, { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
    }
    const result = await runtime.kvs.handle(path, parsed);
    return new StorageResponse(result.status, result.body);
  }
  if (context.type === 'fpp' && context.remote) {
    let actor: Actor | undefined = { kind: 'app' };
    if (context.provider === 'user') {
      const userId = context.accountId ?? accountId;
      actor = userId === undefined || withoutConsent ? undefined : runtime.findUser(userId);
      // The platform answers asUser() without a signed-in user this way, and @forge/api turns it
      // into a NeedsAuthenticationError.
      if (!actor) return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
    }
    const url = new URL(path, 'http://product.invalid');
    const result = runtime.product(context.remote, actor, (init.method ?? 'GET').toUpperCase(), url, body);
    return json(result.status, result.body);
  }
  throw new Error(`The local runtime does not support ${context.type ?? 'unknown'} fetches (${context.remote ?? path}).`);
}

/**
 * What the storage transport answers @forge/kvs: the members of a fetch Response it reads
 * (`ok`, `status`, `statusText`, `headers`, `text()`, `json()`), without the stream machinery of a
 * real one, which would cost more than the storage request itself. Product calls, whose responses
 * reach the app's own code, still get a real Response.
 */
class StorageResponse {
  readonly ok: boolean;
  readonly statusText = '';
  private readonly text_: string;
  private headers_: Headers | undefined;

  constructor(
    readonly status: number,
    body: unknown,
  ) {
    this.ok = status >= 200 && status < 300;
    this.text_ = body === undefined ? '' : JSON.stringify(body);
  }

  /** Read only on errors (for a trace id), so made only then. */
  get headers(): Headers {
    this.headers_ ??= new Headers({ 'content-type': 'application/json' });
    return this.headers_;
  }

  async text(): Promise<string> {
    return this.text_;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.text_);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
