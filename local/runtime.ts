import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  configurationBytes,
  invalidInputsOf,
  MAX_CONFIGURATION_BYTES,
  readAnswer,
  resolveSmartValues,
  smartValueOperator,
  smartValuesFor,
  type InvalidInputs,
  type RuleContext,
} from './actions';
import { installForgeGlobals } from './forge-globals';
import { runInvocation, type Invocation, type RuntimeBinding } from './invocation';
import { createKvsService, createMemoryBackend, openLmdbBackend, type KvsFidelity, type KvsService } from './kvs';
import {
  FORGE_LIMITS,
  InvocationWindows,
  jsonBytesWithin,
  addRateLimitHeaders,
  withTimeout,
  type ForgeLimits,
  type WindowState,
} from './limits';
import { loadManifest, type ActionDeclaration, type LocalManifest, type UiModuleDeclaration } from './manifest';
import { eventDefaults, issueDeletedEvent, issueMovedEvent, pageEvent, type ProductEvent } from './product/events';
import { FixtureSite } from './product/fixture-site';
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

/**
 * Where a module instance is: the issue of an issue panel or issue context, or the page and the
 * macro instance (`localId`) of a macro, with what the editor would add (`isEditing`, the saved
 * `config`). The runtime derives the rest from the fixture site.
 */
export type ModuleContextInput = {
  issueKey?: string;
  pageId?: string;
  localId?: string;
  isEditing?: boolean;
  config?: Record<string, unknown>;
  /** An action's configuration form: the inputs the rule has saved (none for a new action). */
  inputs?: Record<string, unknown>;
};

export type ResolverCall = { moduleKey: string; functionKey: string; payload?: unknown; accountId?: string; context?: ModuleContextInput };

/** How a function invoked by the platform (a schedule, an event) ended; its return value is ignored. */
export type FunctionOutcome = 'returned' | 'threw' | 'timedOut';
export type ScheduledRun = { ran: string; outcome: FunctionOutcome };
export type EventDelivery = {
  eventType: string;
  /** The triggers whose function received the event, in manifest order. */
  delivered: Array<{ trigger: string; outcome: FunctionOutcome; note?: string }>;
  /** Triggers subscribed to the event that the platform would not invoke, and why. */
  skipped: Array<{ trigger: string; reason: string }>;
};
/**
 * One run of an action. In Automation (`via`, the default) the inputs are the rule's saved
 * configuration, smart values and all, and `issueKey` the issue the rule runs for, which
 * `{{issue.…}}` reads; in Rovo they are what the agent chose, and the issue is the one the user
 * is viewing. Either way the function runs as `accountId` — the Automation connection's user, or
 * Rovo's — who may lack the app consent that `asUser()` needs (`consent: false`).
 */
export type ActionCall = {
  inputs?: Record<string, unknown>;
  issueKey?: string;
  accountId?: string;
  rule?: RuleContext;
  via?: 'automation' | 'rovo';
  consent?: boolean;
};
export type ActionRun = {
  action: string;
  via: 'automation' | 'rovo';
  /** succeeded: the rule goes on; failed: the function answered errors, the rule stops; threw or timedOut: it stops with a generic message. */
  outcome: 'succeeded' | 'failed' | 'threw' | 'timedOut';
  /** Automation: the outputs, under the smart value `smartValue` for later components. */
  outputs?: Record<string, unknown>;
  smartValue?: string;
  /** Automation: the messages the rule owner reads in the rule's audit log. */
  errors?: Array<{ message: string }>;
  /** Rovo: what the agent gets. */
  result?: unknown;
  /** Why an answer counted as a failure. */
  note?: string;
  /** Smart values in the inputs that had nothing to resolve to (and became empty text). */
  unresolvedSmartValues?: string[];
};

/** What a fixture change answers: the entity, and the event Forge would deliver for it (not fired). */
export type FixtureChange = { id: string; key?: string; previousKey?: string; event: ProductEvent };
export type FixtureChangeOptions = { accountId?: string; selfGenerated?: boolean };

export type InvocationErrorCode =
  | 'UNKNOWN_MODULE'
  | 'NO_RESOLVER'
  | 'UNKNOWN_USER'
  | 'FUNCTION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'INVALID_CONTEXT'
  | 'UNKNOWN_ISSUE'
  | 'UNKNOWN_PAGE'
  | 'INVALID_EVENT'
  | 'INVALID_INPUTS'
  | 'ACTION_UNAVAILABLE';

export class InvocationError extends Error {
  constructor(
    readonly code: InvocationErrorCode,
    message: string,
    /** More to answer with, e.g. `invalidInputs` of a refused configuration. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'InvocationError';
  }
}

type FunctionHandler = (...args: unknown[]) => unknown;
type ScopeCheck = (event: string, scopes: string[] | Record<string, unknown>) => Promise<{ missingScopes: string[] }>;

/**
 * Runs a Forge app's functions on this machine: web triggers, Custom UI resolvers (with the
 * context of the issue or page a module lives on), scheduled triggers and product event
 * triggers, with the real `@forge/*` packages talking to an emulated KVS and a fixture site.
 */
export class LocalRuntime {
  readonly manifest: LocalManifest;
  /** The fixture site's data, changed in memory by moveIssue, deleteIssue, trashPage and deletePage. */
  readonly site: Site;
  /** Lookups and permissions of the fixture site, as the product endpoints answer them. */
  readonly fixture: FixtureSite;
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
  private readonly missingScopesByEvent = new Map<string, Promise<string[]>>();

  constructor(options: LocalRuntimeOptions = {}) {
    installForgeGlobals();
    this.manifest = loadManifest(options.manifestPath ?? 'manifest.yml');
    const site = loadSite(options.sitePath ?? defaultSitePath(this.manifest.appDir));
    this.site = options.cloudId ? { ...site, cloudId: options.cloudId } : site;
    this.fixture = new FixtureSite(this.site);
    this.baseUrl = options.baseUrl ?? 'http://localhost:8080';
    this.onFunctionError = options.onFunctionError ?? ((error, where) => console.error(`[forge-local] ${where} failed:`, error));
    this.limits = { ...FORGE_LIMITS, ...options.limits };
    const storage = options.storage ?? { kind: 'memory' };
    this.kvs = createKvsService({
      backend: storage.kind === 'lmdb' ? openLmdbBackend(storage.dir) : createMemoryBackend(),
      entities: this.manifest.entities,
      ...(options.fidelity ? { fidelity: options.fidelity } : {}),
    });
    const routes = productRoutes({ site: this.fixture, webTriggerUrl: (key) => this.webTriggerUrl(key) });
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
        dump: () => this.kvs.dump(),
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
        const user = this.fixture.findUser(accountId);
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
    if (!jsonBytesWithin(event, this.limits.payloadBytes)) return withRateLimitHeaders(PAYLOAD_TOO_LARGE, window);
    const context = { installContext: this.installContext, installation: this.installation() };
    const timeoutMs = this.limits.webTriggerTimeoutMs;
    const answer = new WebTriggerAnswer(triggerKey, this.limits.payloadBytes, timeoutMs, this.onFunctionError);
    const run = runInvocation(this.invocation(undefined, triggerKey, timeoutMs), () => callHandler(handler, event, context)).then(
      answer.checked,
      answer.failed,
    );
    return withRateLimitHeaders(await withTimeout(run, timeoutMs, answer.timedOut), window);
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
    // The platform knows where the module is before anything runs: a wrong place is no invocation.
    const context = this.browserContext(call.moduleKey, accountId, call.context);
    const payload = call.payload ?? {};
    if (!jsonBytesWithin(payload, this.limits.invokeRequestBytes)) {
      throw new InvocationError('PAYLOAD_TOO_LARGE', `The payload is over ${this.limits.invokeRequestBytes} bytes.`);
    }
    const now = Date.now();
    const perUser = this.windows.take(`${this.installContext} ${accountId}`, this.limits.invocationsPerUserPerMinute, now);
    const perInstallation = this.windows.take(this.installContext, this.limits.invocationsPerInstallationPerMinute, now);
    if (perUser.exceeded || perInstallation.exceeded) {
      throw new InvocationError('RATE_LIMITED', 'Too many invocations this minute (limits-invocation).');
    }
    const handler = this.handler(module.resolverFunctionKey);
    const event = { call: { functionKey: call.functionKey, payload }, context };
    const backendPayload = { principal: { accountId }, installContext: this.installContext, installation: this.installation() };
    const where = `resolver '${call.functionKey}' of '${call.moduleKey}'`;
    const failed = (error: unknown): never => {
      this.onFunctionError(error, where);
      throw new InvocationError('FUNCTION_FAILED', `The resolver '${call.functionKey}' failed.`);
    };
    const invocation = this.invocation(accountId, call.moduleKey, this.limits.resolverTimeoutMs);
    const run = runInvocation(invocation, async () => handler(event, backendPayload)).then((result) => {
      if (!jsonBytesWithin(result ?? null, this.limits.invokeResponseBytes)) failed(new Error('the answer is larger than 5 MB'));
      return result;
    }, failed);
    return withTimeout(run, this.limits.resolverTimeoutMs, () =>
      failed(new Error(`it ran longer than ${this.limits.resolverTimeoutMs} ms`)),
    );
  }

  /**
   * What `view.getContext()` answers in a Custom UI module (fields the browser could forge), and
   * what a resolver's `context` holds beside the trusted ones. A module that lives on an issue or a
   * page takes its place from `place`, and its `extension` describes it in Forge's documented shape
   * (manifest-reference/modules/jira-issue-panel, jira-issue-context, macro: "Extension data",
   * "Extension context"); a macro's instance id is the top-level `localId`
   * (apis-reference/ui-api-bridge/view). A place the module type cannot have, a missing one, or
   * one the fixture site does not hold is refused.
   */
  browserContext(moduleKey: string, accountId: string, place: ModuleContextInput = {}): Record<string, unknown> {
    const module = this.manifest.uiModules.get(moduleKey);
    if (!module) throw new InvocationError('UNKNOWN_MODULE', `No Custom UI module '${moduleKey}' in the manifest.`);
    const { extension, localId } = this.extension(module, place);
    return {
      accountId,
      cloudId: this.site.cloudId,
      siteUrl: this.site.siteUrl,
      moduleKey,
      localId,
      environmentType: 'DEVELOPMENT',
      environmentId: 'local',
      locale: 'en-US',
      timezone: 'UTC',
      extension,
    };
  }

  /**
   * Runs a scheduled trigger now, as the platform does on its interval
   * (manifest-reference/modules/scheduled-trigger, function-reference/scheduled-trigger): the
   * function gets `{ context: { cloudId, moduleKey }, contextToken }` and a context without a
   * principal; it may run for its `timeoutSeconds` (else 55 s); "If a function invoked from a
   * scheduled trigger returns a value, it is ignored. If the function throws an error, nothing
   * will happen, and the function invocation will not be retried" — the error is logged.
   */
  async runScheduledTrigger(key: string): Promise<ScheduledRun> {
    const trigger = this.manifest.scheduledTriggers.get(key);
    if (!trigger) throw new InvocationError('UNKNOWN_MODULE', `No scheduled trigger '${key}' in the manifest.`);
    const request = {
      context: { cloudId: this.site.cloudId, moduleKey: key },
      // "An encoded token used by Atlassian to identify the scheduled trigger invocation. This value has no meaning to an app."
      contextToken: randomBytes(48).toString('base64url'),
    };
    const context = { principal: undefined, installContext: this.installContext, installation: this.installation() };
    const outcome = await this.runPlatformInvocation(
      trigger.functionKey,
      [request, context],
      key,
      this.scheduledTimeoutMs(trigger.functionKey),
      `scheduled trigger '${key}'`,
    );
    return { ran: key, outcome };
  }

  /**
   * Delivers a product event to every `trigger` module subscribed to it
   * (manifest-reference/modules/trigger, events-reference/product_events): each function gets
   * `(event, context)`, the event being the payload with `eventType` and the product's root
   * fields (`selfGenerated`, Jira's `timestamp`, Confluence's `eventCreatedDate`) where the payload
   * has none, and the context `installContext` and `installation` without a principal. As on the
   * platform, an event is not delivered when the manifest's scopes do not cover it (the
   * event-to-scope mapping `forge lint` uses, from @forge/manifest), when it is larger than 200 kB,
   * or to a trigger with `filter.ignoreSelf` when it is self-generated. `filter.expression` is not
   * evaluated: such a trigger receives every event, with a note. Resolves once every function is done.
   */
  async fireEvent(eventName: string, payload: Record<string, unknown> = {}): Promise<EventDelivery> {
    if (!/^[a-z][a-z0-9-]*(:[A-Za-z0-9_-]+)+$/.test(eventName)) {
      throw new InvocationError('INVALID_EVENT', `'${eventName}' is not an event name such as avi:jira:updated:issue.`);
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new InvocationError('INVALID_EVENT', 'An event payload must be a JSON object.');
    }
    const event: Record<string, unknown> = { ...eventDefaults(eventName), ...payload, eventType: eventName };
    const subscribed = [...this.manifest.triggers.values()].filter((trigger) => trigger.events.includes(eventName));
    const delivery: EventDelivery = { eventType: eventName, delivered: [], skipped: [] };
    if (subscribed.length === 0) return delivery;
    const missingScopes = await this.missingEventScopes(eventName);
    const tooLarge = !jsonBytesWithin(event, this.limits.eventPayloadBytes);
    const context = { principal: undefined, installContext: this.installContext, installation: this.installation() };
    const results = await Promise.all(
      subscribed.map(async (trigger): Promise<{ trigger: string; outcome?: FunctionOutcome; note?: string; reason?: string }> => {
        if (missingScopes.length > 0) {
          return { trigger: trigger.key, reason: `the manifest's scopes do not cover ${eventName} (missing ${missingScopes.join(', ')})` };
        }
        if (tooLarge) return { trigger: trigger.key, reason: `the event is larger than ${this.limits.eventPayloadBytes / 1000} kB` };
        if (trigger.filter.ignoreSelf && event['selfGenerated'] === true) {
          return { trigger: trigger.key, reason: 'filter.ignoreSelf: the event is self-generated' };
        }
        // Each function gets its own copy, as one serialised for delivery.
        const copy = JSON.parse(JSON.stringify(event)) as unknown;
        const where = `trigger '${trigger.key}' (${eventName})`;
        const outcome = await this.runPlatformInvocation(
          trigger.functionKey,
          [copy, context],
          trigger.key,
          this.limits.eventTimeoutMs,
          where,
        );
        return {
          trigger: trigger.key,
          outcome,
          ...(trigger.filter.expression ? { note: 'filter.expression is not evaluated locally' } : {}),
        };
      }),
    );
    for (const { trigger, outcome, note, reason } of results) {
      if (outcome) delivery.delivered.push({ trigger, outcome, ...(note ? { note } : {}) });
      else delivery.skipped.push({ trigger, reason: reason ?? '' });
    }
    return delivery;
  }

  /**
   * The scopes an event needs that the manifest lacks, by the event-to-scope mapping of
   * @forge/manifest (what `forge lint` checks); none for an event the mapping does not know.
   */
  missingEventScopes(eventName: string): Promise<string[]> {
    let missing = this.missingScopesByEvent.get(eventName);
    if (!missing) {
      // Loaded on first use: the package takes most of a second to load.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { validateTriggerScopes } = require('@forge/manifest') as { validateTriggerScopes: ScopeCheck };
      missing = validateTriggerScopes(eventName, this.manifest.scopes).then((result) => result.missingScopes);
      this.missingScopesByEvent.set(eventName, missing);
    }
    return missing;
  }

  /**
   * Runs an action as the platform does (manifest-reference/modules/automation-action, "Action
   * execution"; rovo-action, "Writing your action"). Automation shows only actions an
   * `automation:actionProvider` lists, and Rovo only those an agent (or `rovo:mcp`) lists; other
   * runs are refused. From Automation, the rule's configuration must pass Automation's checks
   * (declared inputs only, required ones given, each of its type, 100 kB in all) and its smart
   * values are resolved; the function gets the inputs as its payload. From Rovo, the payload is
   * the inputs as given — a language model's, unchecked — with a `context` naming the issue in
   * view. The context names the user (`principal.accountId`) and `asUser()` acts as them;
   * `limits-invocation` gives actions 55 s. The answer is read as Automation reads it
   * (local/actions.ts `readAnswer`): errors fail the action, outputs must match their declaration.
   */
  async runAction(actionKey: string, call: ActionCall = {}): Promise<ActionRun> {
    const action = this.manifest.actions.get(actionKey);
    if (!action) throw new InvocationError('UNKNOWN_MODULE', `No action '${actionKey}' in the manifest.`);
    const via = call.via ?? 'automation';
    if (via === 'automation' && !action.inAutomation) {
      throw new InvocationError(
        'ACTION_UNAVAILABLE',
        `Action '${actionKey}' is in no automation:actionProvider, so Automation does not show it.`,
      );
    }
    if (via === 'rovo' && !action.inRovo) {
      throw new InvocationError('ACTION_UNAVAILABLE', `Action '${actionKey}' is in no rovo:agent or rovo:mcp, so Rovo does not use it.`);
    }
    const accountId = call.accountId ?? this.defaultAccountId;
    if (!this.binding.findUser(accountId)) throw new InvocationError('UNKNOWN_USER', `No user '${accountId}' on the fixture site.`);
    const issue = call.issueKey === undefined ? undefined : this.fixture.findIssue(call.issueKey);
    if (call.issueKey !== undefined && !issue)
      throw new InvocationError('UNKNOWN_ISSUE', `No Jira issue '${call.issueKey}' on the fixture site.`);
    const inputs = call.inputs ?? {};
    let payload: Record<string, unknown>;
    let unresolved: string[] = [];
    if (via === 'automation') {
      const { invalidInputs, tooLarge } = this.checkConfiguration(action, inputs);
      if (tooLarge)
        throw new InvocationError('INVALID_INPUTS', `The configuration is over ${MAX_CONFIGURATION_BYTES} bytes of JSON.`, {
          invalidInputs,
        });
      if (Object.keys(invalidInputs).length > 0) {
        throw new InvocationError('INVALID_INPUTS', 'Automation would not save this configuration: see invalidInputs.', { invalidInputs });
      }
      const resolved = resolveSmartValues(inputs, smartValuesFor(this.fixture, issue?.issue.key, call.rule ?? {}));
      payload = resolved.inputs;
      unresolved = resolved.unresolved;
    } else {
      payload = { ...inputs, ...(issue ? { context: this.rovoContext(actionKey, issue) } : {}) };
    }
    const context = { principal: { accountId }, installContext: this.installContext, installation: this.installation() };
    const where = `action '${actionKey}'`;
    const handler = this.handler(action.functionKey);
    const invocation = { ...this.invocation(accountId, actionKey, this.limits.actionTimeoutMs), withoutConsent: call.consent === false };
    type Settled = { outcome: 'threw' | 'timedOut' } | { outcome: 'returned'; answer: unknown };
    const run = runInvocation(invocation, async () => handler(payload, context)).then(
      (answer): Settled => ({ outcome: 'returned', answer }),
      (error: unknown): Settled => {
        this.onFunctionError(error, where);
        return { outcome: 'threw' };
      },
    );
    const settled = await withTimeout(run, this.limits.actionTimeoutMs, (): Settled => {
      this.onFunctionError(new Error(`it ran longer than ${this.limits.actionTimeoutMs} ms`), where);
      return { outcome: 'timedOut' };
    });
    const base = { action: actionKey, via, ...(unresolved.length > 0 ? { unresolvedSmartValues: unresolved } : {}) };
    if (settled.outcome !== 'returned') return { ...base, outcome: settled.outcome };
    if (via === 'rovo') return { ...base, outcome: 'succeeded', result: settled.answer ?? null };
    const answer = readAnswer(action, settled.answer);
    if (answer.kind === 'errors') return { ...base, outcome: 'failed', errors: answer.errors };
    if (answer.kind === 'invalid') {
      this.onFunctionError(new Error(`its answer does not match the action's outputs: ${answer.problem}`), where);
      return { ...base, outcome: 'threw', note: answer.problem };
    }
    const smartValue = smartValueOperator(action);
    return { ...base, outcome: 'succeeded', outputs: answer.outputs, ...(smartValue ? { smartValue } : {}) };
  }

  /**
   * Automation's checks of an action's configuration before it saves the rule ("Rule
   * Validation"): what the configuration form's `view.submit()` would be told.
   */
  validateActionConfig(
    actionKey: string,
    inputs: Record<string, unknown>,
  ): { valid: boolean; invalidInputs: InvalidInputs; tooLarge: boolean } {
    const action = this.manifest.actions.get(actionKey);
    if (!action) throw new InvocationError('UNKNOWN_MODULE', `No action '${actionKey}' in the manifest.`);
    const { invalidInputs, tooLarge } = this.checkConfiguration(action, inputs);
    return { valid: !tooLarge && Object.keys(invalidInputs).length === 0, invalidInputs, tooLarge };
  }

  /**
   * Moves an issue to another project, in memory: it keeps its id, gets the next free key of the
   * target project, and its old key still finds it (Jira REST, Get issue: "a case-insensitive
   * search and check for moved issues is performed"). Answers the `avi:jira:updated:issue` event
   * (`jiraEventTypeName: 'issue_moved'`) Jira would send, without firing it.
   */
  moveIssue(issueKeyOrId: string, toProjectKey: string, options: FixtureChangeOptions = {}): FixtureChange {
    const moved = this.fixture.moveIssue(issueKeyOrId, toProjectKey);
    const event = issueMovedEvent(this.fixture, moved, this.eventOptions(options));
    return { id: moved.issue.id, key: moved.issue.key, previousKey: moved.previousKey, event };
  }

  /** Deletes an issue, in memory; answers the `avi:jira:deleted:issue` event, without firing it. */
  deleteIssue(issueKeyOrId: string, options: FixtureChangeOptions = {}): FixtureChange {
    const deleted = this.fixture.deleteIssue(issueKeyOrId);
    return { id: deleted.issue.id, key: deleted.issue.key, event: issueDeletedEvent(this.fixture, deleted, this.eventOptions(options)) };
  }

  /** Moves a page to the trash, in memory; answers the `avi:confluence:trashed:page` event, without firing it. */
  trashPage(pageId: string, options: FixtureChangeOptions = {}): FixtureChange {
    const trashed = this.fixture.trashPage(pageId);
    return { id: trashed.page.id, event: pageEvent('trashed', trashed, true, this.eventOptions(options)) };
  }

  /** Deletes a page for good, in memory; answers the `avi:confluence:deleted:page` event, without firing it. */
  deletePage(pageId: string, options: FixtureChangeOptions = {}): FixtureChange {
    const wasTrashed = this.fixture.findPage(pageId)?.page.status === 'trashed';
    const deleted = this.fixture.deletePage(pageId);
    return { id: deleted.page.id, event: pageEvent('deleted', deleted, wasTrashed, this.eventOptions(options)) };
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

  /**
   * Everything the installation's storage holds, one `key<TAB>value` line per record (secrets
   * included, as stored): what a storage dump would show, for tests that must find nothing in it.
   */
  storedData(): string[] {
    return this.kvs.dump();
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

  private extension(module: UiModuleDeclaration, place: ModuleContextInput): { extension: Record<string, unknown>; localId: string } {
    const given = (Object.keys(place) as Array<keyof ModuleContextInput>).filter((name) => place[name] !== undefined);
    const refuse = (message: string): never => {
      throw new InvocationError('INVALID_CONTEXT', `Module '${module.key}' is a ${module.type}: ${message}`);
    };
    const only = (allowed: Array<keyof ModuleContextInput>): void => {
      const extra = given.filter((name) => !allowed.includes(name));
      if (extra.length > 0) refuse(`it takes ${allowed.length > 0 ? `only ${allowed.join(', ')}` : 'no place'}, not ${extra.join(', ')}.`);
    };
    if (module.place === 'issue') {
      only(['issueKey']);
      if (!place.issueKey) refuse('it lives on an issue; name it, e.g. ?issueKey=PLAT-1 or "context": { "issueKey": "PLAT-1" }.');
      const found = this.fixture.findIssue(place.issueKey ?? '');
      if (!found) throw new InvocationError('UNKNOWN_ISSUE', `No Jira issue '${place.issueKey}' on the fixture site.`);
      const type = this.fixture.issueType(found.issue);
      return {
        localId: `local-${module.key}`,
        extension: {
          type: module.type,
          issue: { id: found.issue.id, key: found.issue.key, type: type.name, typeId: type.id },
          project: { id: found.project.id, key: found.project.key, type: found.project.projectTypeKey },
          ...(module.type === 'jira:issuePanel' ? { isNewToIssue: false } : {}),
          location: `${this.site.siteUrl}/browse/${found.issue.key}`,
        },
      };
    }
    if (module.place === 'content') {
      only(['pageId', 'localId', 'isEditing', 'config']);
      if (!place.pageId) refuse('it lives in a page; name it and the macro instance, e.g. ?pageId=2001&localId=m-1.');
      if (!place.localId) refuse('a macro instance has a localId (its id in the page); give one, e.g. localId=m-1.');
      if (place.config !== undefined && (place.config === null || typeof place.config !== 'object' || Array.isArray(place.config))) {
        refuse('its config must be an object.');
      }
      const found = this.fixture.findPage(place.pageId ?? '');
      if (!found || found.page.status !== 'current')
        throw new InvocationError('UNKNOWN_PAGE', `No Confluence page '${place.pageId}' on the fixture site.`);
      return {
        localId: place.localId ?? '',
        extension: {
          type: module.type,
          content: { id: found.page.id, type: 'page', subtype: null },
          space: { id: found.space.id, key: found.space.key },
          isEditing: place.isEditing ?? false,
          ...(place.config !== undefined ? { config: place.config } : {}),
        },
      };
    }
    if (module.place === 'automation-rule') {
      only(['inputs']);
      if (place.inputs !== undefined && (place.inputs === null || typeof place.inputs !== 'object' || Array.isArray(place.inputs))) {
        refuse('its inputs must be an object.');
      }
      // manifest-reference/modules/automation-action, "Maintaining state" and "Rule Validation": the
      // form finds the saved inputs in `extension.data.inputs` and Automation's complaints about
      // them in `extension.errors.invalidInputs` ("on initial load"); a new action has neither.
      // The page names no `type` for this extension: 'action', after the module (GUESS).
      const action = this.manifest.actions.get(module.key);
      const inputs = place.inputs ?? {};
      return {
        localId: `local-${module.key}`,
        extension: {
          type: module.type,
          data: { inputs },
          errors: { invalidInputs: action && place.inputs !== undefined ? invalidInputsOf(action, inputs) : {} },
        },
      };
    }
    only([]);
    return { localId: `local-${module.key}`, extension: { type: module.type } };
  }

  private checkConfiguration(
    action: ActionDeclaration,
    inputs: Record<string, unknown>,
  ): { invalidInputs: InvalidInputs; tooLarge: boolean } {
    return { invalidInputs: invalidInputsOf(action, inputs), tooLarge: configurationBytes(inputs) > MAX_CONFIGURATION_BYTES };
  }

  /**
   * The `context` Rovo adds to an action's payload in a Jira issue view (manifest-reference/
   * modules/rovo-action, "Jira issue example"). The example's ids are numbers, and so are these;
   * its `issueKey` is a number too, which must be a slip: the key is given as text.
   */
  private rovoContext(actionKey: string, found: NonNullable<ReturnType<FixtureSite['findIssue']>>): object {
    const type = this.fixture.issueType(found.issue);
    return {
      cloudId: this.site.cloudId,
      moduleKey: actionKey,
      jira: {
        url: `${this.site.siteUrl}/browse/${found.issue.key}`,
        resourceType: 'issue',
        issueKey: found.issue.key,
        issueId: Number(found.issue.id),
        issueType: type.name.toLowerCase(),
        issueTypeId: Number(type.id),
        projectKey: found.project.key,
        projectId: Number(found.project.id),
      },
    };
  }

  /**
   * A function the platform invokes with no user (a schedule, an event): its return value is
   * ignored, a throw or a timeout is logged and reported, never retried.
   */
  private async runPlatformInvocation(
    functionKey: string,
    args: unknown[],
    moduleKey: string,
    timeoutMs: number,
    where: string,
  ): Promise<FunctionOutcome> {
    const handler = this.handler(functionKey);
    const run = runInvocation(this.invocation(undefined, moduleKey, timeoutMs), async () => handler(...args)).then(
      (): FunctionOutcome => 'returned',
      (error: unknown): FunctionOutcome => {
        this.onFunctionError(error, where);
        return 'threw';
      },
    );
    return withTimeout(run, timeoutMs, (): FunctionOutcome => {
      this.onFunctionError(new Error(`it ran longer than ${timeoutMs} ms`), where);
      return 'timedOut';
    });
  }

  /**
   * A scheduled trigger's time limit: its function's `timeoutSeconds`, which "applies to function
   * modules that are only referenced by consumer or scheduled trigger modules" (limits-invocation),
   * else the default of 55 s.
   */
  private scheduledTimeoutMs(functionKey: string): number {
    const declared = this.manifest.functions.get(functionKey)?.timeoutSeconds;
    const elsewhere =
      [...this.manifest.webTriggers.values()].some((t) => t.functionKey === functionKey) ||
      [...this.manifest.uiModules.values()].some((m) => m.resolverFunctionKey === functionKey) ||
      [...this.manifest.triggers.values()].some((t) => t.functionKey === functionKey) ||
      [...this.manifest.actions.values()].some((a) => a.functionKey === functionKey);
    return declared !== undefined && !elsewhere ? declared * 1000 : this.limits.scheduledTimeoutMs;
  }

  private eventOptions(options: FixtureChangeOptions): { accountId: string; selfGenerated: boolean } {
    return { accountId: options.accountId ?? this.defaultAccountId, selfGenerated: options.selfGenerated ?? false };
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

/** How the platform reads what a web trigger function gave: a response within 5 MB, else a 500. */
class WebTriggerAnswer {
  constructor(
    private readonly triggerKey: string,
    private readonly payloadBytes: number,
    private readonly timeoutMs: number,
    private readonly onFunctionError: (error: unknown, where: string) => void,
  ) {}

  readonly checked = (result: unknown): WebTriggerResponse => {
    if (!isWebTriggerResponse(result)) return this.failed(new Error('the function returned something that is not a web trigger response'));
    if (!jsonBytesWithin(result, this.payloadBytes)) return this.failed(new Error('the response is larger than 5 MB'));
    return result;
  };

  readonly failed = (error: unknown): WebTriggerResponse => {
    this.onFunctionError(error, `web trigger '${this.triggerKey}'`);
    return PLATFORM_ERROR;
  };

  readonly timedOut = (): WebTriggerResponse => this.failed(new Error(`it ran longer than ${this.timeoutMs} ms`));
}

const PAYLOAD_TOO_LARGE: WebTriggerResponse = { statusCode: 413, headers: { 'content-type': ['text/plain'] }, body: 'Payload Too Large' };

function withRateLimitHeaders(response: WebTriggerResponse, window: WindowState): WebTriggerResponse {
  return { ...response, headers: addRateLimitHeaders({ ...response.headers }, window) };
}

/** A handler's result as a promise, a synchronous throw as a rejection, as an async call would give. */
function callHandler(handler: FunctionHandler, ...args: unknown[]): Promise<unknown> {
  try {
    return Promise.resolve(handler(...args));
  } catch (error) {
    return Promise.reject(error);
  }
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
