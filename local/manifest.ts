import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EntityDeclaration } from './kvs';

/** The parts of a Forge manifest the local runtime acts on, resolved against the app's folder. */
export type LocalManifest = {
  appDir: string;
  appId: string;
  functions: Map<string, FunctionDeclaration>;
  webTriggers: Map<string, WebTriggerDeclaration>;
  /** Modules with a Custom UI resource (admin pages, global settings, issue panels, macros, …), by module key. */
  uiModules: Map<string, UiModuleDeclaration>;
  /** `scheduledTrigger` modules (manifest-reference/modules/scheduled-trigger), by key. */
  scheduledTriggers: Map<string, ScheduledTriggerDeclaration>;
  /** `trigger` modules: product events (manifest-reference/modules/trigger), by key. */
  triggers: Map<string, TriggerDeclaration>;
  /** `action` modules (manifest-reference/modules/automation-action, rovo-action), by key. */
  actions: Map<string, ActionDeclaration>;
  /** `permissions.scopes`, as a list or as the map that offline impersonation needs (manifest-reference/permissions). */
  scopes: string[] | Record<string, unknown>;
  resources: Map<string, string>;
  entities: EntityDeclaration[];
  /** What the Content-Security-Policy and the iframe sandbox of Custom UI follow (manifest-reference/permissions). */
  content: ContentPermissions;
};

export type ContentPermissions = {
  scripts: string[];
  styles: string[];
  /** `external.fetch.client`, `images`, `fonts`, `frames`, `styles`, `scripts` addresses. */
  external: { fetchClient: string[]; images: string[]; fonts: string[]; frames: string[]; styles: string[]; scripts: string[] };
};

export type FunctionDeclaration = {
  key: string;
  file: string;
  exportName: string;
  /** "Maximum time (in seconds) this function can run when triggered by a schedule or as an async event consumer. Range: 1–900 seconds." */
  timeoutSeconds: number | undefined;
};
export type WebTriggerDeclaration = { key: string; functionKey: string };
/**
 * Where a module lives, which its context then describes: on a Jira issue, in Confluence content,
 * or in an Automation rule's configuration panel (an action's configuration form).
 */
export type ModulePlace = 'issue' | 'content' | 'automation-rule';
export type UiModuleDeclaration = {
  key: string;
  type: string;
  title: string;
  resourceKey: string;
  resolverFunctionKey: string | undefined;
  /** `jira:issuePanel` and `jira:issueContext` live on an issue, `macro` in a page; others nowhere in particular. */
  place: ModulePlace | undefined;
  /** A macro's custom configuration resource (`config.resource`, manifest-reference/modules/macro). */
  configResourceKey: string | undefined;
};
export const SCHEDULED_INTERVALS = ['fiveMinute', 'hour', 'day', 'week'] as const;
export type ScheduledInterval = (typeof SCHEDULED_INTERVALS)[number];
export type ScheduledTriggerDeclaration = { key: string; functionKey: string; interval: ScheduledInterval };
export const ACTION_VERBS = ['GET', 'CREATE', 'UPDATE', 'DELETE', 'TRIGGER'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];
/** "The data type of the input: string, integer, number, or boolean" (the same for outputs). */
export const ACTION_IO_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export type ActionIoType = (typeof ACTION_IO_TYPES)[number];
export type ActionInputDeclaration = { title: string; type: ActionIoType; required: boolean };
export type ActionOutputDeclaration = { type: ActionIoType; nullable: boolean };
export type ActionDeclaration = {
  key: string;
  name: string;
  description: string;
  functionKey: string;
  actionVerb: ActionVerb;
  inputs: Map<string, ActionInputDeclaration>;
  outputs: Map<string, ActionOutputDeclaration>;
  outputContext: { entityName: string; outputType: 'OBJECT' | 'LIST'; outputDomain: string } | undefined;
  /** The configuration form's resource (`config.resource`). */
  configResourceKey: string | undefined;
  /** Listed by an `automation:actionProvider`: "Automation will only show actions that are referenced by an actionProvider". */
  inAutomation: boolean;
  /** Listed by a `rovo:agent`'s actions or a `rovo:mcp`'s tools. */
  inRovo: boolean;
};
/** "A single app is allowed to define up to 20 Automation actions." (manifest-reference/modules/automation-action) */
export const MAX_AUTOMATION_ACTIONS = 20;
/** The schema's `maxProperties` of an action's `inputs` and `outputs` (@forge/manifest). */
export const MAX_ACTION_IO = 10;

export type TriggerDeclaration = {
  key: string;
  functionKey: string;
  events: string[];
  filter: { ignoreSelf: boolean; expression: string | undefined };
};

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const HANDLER_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.cjs'];
const MODULE_KEY = /^[a-zA-Z0-9_-]+$/;
const PLACES: Record<string, ModulePlace> = { 'jira:issuePanel': 'issue', 'jira:issueContext': 'issue', macro: 'content' };
/** "Apps can declare up to five scheduled triggers in the manifest.yml file." (manifest-reference/modules/scheduled-trigger) */
export const MAX_SCHEDULED_TRIGGERS = 5;

type RawModule = {
  key?: unknown;
  function?: unknown;
  endpoint?: unknown;
  handler?: unknown;
  timeoutSeconds?: unknown;
  resource?: unknown;
  resolver?: { function?: unknown };
  title?: unknown;
  interval?: unknown;
  events?: unknown;
  filter?: { ignoreSelf?: unknown; expression?: unknown };
  config?: unknown;
  name?: unknown;
  description?: unknown;
  actionVerb?: unknown;
  actionType?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  outputContext?: unknown;
  actions?: unknown;
  tools?: unknown;
};

/**
 * Reads `manifest.yml` and checks what the runtime needs to run it: every function's handler file
 * and every resource folder must exist. Forge's own schema checks belong to `@forge/manifest`.
 */
export function loadManifest(manifestPath: string): LocalManifest {
  const appDir = path.dirname(path.resolve(manifestPath));
  let raw: unknown;
  try {
    raw = parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new ManifestError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  const doc = asRecord(raw);
  const modules = asRecord(doc['modules']);
  const app = asRecord(doc['app']);
  const problems: string[] = [];

  const functions = new Map<string, FunctionDeclaration>();
  for (const fn of listOf(modules['function'])) {
    const key = String(fn.key);
    // manifest-reference/modules/function: "a maximum of 23 characters. Regex: ^[a-zA-Z0-9_-]+$".
    if (!MODULE_KEY.test(key) || key.length > 23) problems.push(`function '${key}': the key must be 1–23 characters of a-z A-Z 0-9 _ -`);
    const handler = String(fn.handler ?? '');
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) {
      problems.push(`function '${key}': handler '${handler}' is not of the form file.export`);
      continue;
    }
    const base = path.join(appDir, 'src', handler.slice(0, dot));
    const file = HANDLER_EXTENSIONS.map((ext) => base + ext).find((candidate) => existsSync(candidate));
    if (!file) {
      problems.push(`function '${key}': no handler file src/${handler.slice(0, dot)}.(ts|tsx|js|jsx|cjs)`);
      continue;
    }
    let timeoutSeconds: number | undefined;
    if (fn.timeoutSeconds !== undefined) {
      if (
        typeof fn.timeoutSeconds === 'number' &&
        Number.isInteger(fn.timeoutSeconds) &&
        fn.timeoutSeconds >= 1 &&
        fn.timeoutSeconds <= 900
      ) {
        timeoutSeconds = fn.timeoutSeconds;
      } else {
        problems.push(
          `function '${key}': timeoutSeconds must be a whole number of seconds from 1 to 900, not ${JSON.stringify(fn.timeoutSeconds)}`,
        );
      }
    }
    functions.set(key, { key, file, exportName: handler.slice(dot + 1), timeoutSeconds });
  }

  const resources = new Map<string, string>();
  for (const resource of listOf(doc['resources'])) {
    const entry = resource as { key?: unknown; path?: unknown };
    const dir = path.join(appDir, String(entry.path));
    if (!existsSync(dir)) problems.push(`resource '${String(entry.key)}': folder ${String(entry.path)} does not exist (build it first)`);
    resources.set(String(entry.key), dir);
  }

  const webTriggers = new Map<string, WebTriggerDeclaration>();
  const uiModules = new Map<string, UiModuleDeclaration>();
  const scheduledTriggers = new Map<string, ScheduledTriggerDeclaration>();
  const triggers = new Map<string, TriggerDeclaration>();
  const actions = new Map<string, ActionDeclaration>();
  const knownFunction = (owner: string, functionKey: string, what = 'function'): void => {
    if (!functions.has(functionKey) && !problems.some((p) => p.startsWith(`function '${functionKey}'`))) {
      problems.push(`${owner}: unknown ${what} '${functionKey}'`);
    }
  };
  /** A scheduled or product trigger's key and function, checked; none when it names a Forge Remote endpoint instead. */
  const triggerFunction = (owner: string, key: string, mod: Record<string, unknown>): string | undefined => {
    if (!MODULE_KEY.test(key)) problems.push(`${owner}: the key must match ^[a-zA-Z0-9_-]+$`);
    if (typeof mod.function !== 'string') {
      problems.push(`${owner}: only a function is supported (Forge Remote endpoints are not emulated)`);
      return undefined;
    }
    knownFunction(owner, mod.function);
    return mod.function;
  };
  for (const [type, list] of Object.entries(modules)) {
    if (type === 'function' || type === 'action' || type === 'automation:actionProvider' || type === 'rovo:agent' || type === 'rovo:mcp')
      continue;
    for (const mod of listOf(list)) {
      const key = String(mod.key);
      const owner = `${type} '${key}'`;
      if (type === 'webtrigger') {
        const functionKey = String(mod.function);
        knownFunction(owner, functionKey);
        webTriggers.set(key, { key, functionKey });
      } else if (type === 'scheduledTrigger') {
        const functionKey = triggerFunction(owner, key, mod);
        if (functionKey === undefined) continue;
        const interval = SCHEDULED_INTERVALS.find((i) => i === mod.interval);
        if (!interval)
          problems.push(`${owner}: interval must be one of ${SCHEDULED_INTERVALS.join(', ')}, not ${JSON.stringify(mod.interval)}`);
        scheduledTriggers.set(key, { key, functionKey, interval: interval ?? 'hour' });
      } else if (type === 'trigger') {
        const functionKey = triggerFunction(owner, key, mod);
        if (functionKey === undefined) continue;
        const events = Array.isArray(mod.events) ? mod.events.filter((e): e is string => typeof e === 'string' && e.length > 0) : [];
        if (events.length === 0 || events.length !== (mod.events as unknown[]).length)
          problems.push(`${owner}: events must be a list of event names`);
        const filter = asRecord(mod.filter);
        triggers.set(key, {
          key,
          functionKey,
          events,
          filter: {
            ignoreSelf: filter['ignoreSelf'] === true,
            expression: typeof filter['expression'] === 'string' ? filter['expression'] : undefined,
          },
        });
      } else if (typeof mod.resource === 'string') {
        const resolverFunctionKey = typeof mod.resolver?.function === 'string' ? mod.resolver.function : undefined;
        if (resolverFunctionKey) knownFunction(owner, resolverFunctionKey, 'resolver function');
        if (!resources.has(mod.resource)) problems.push(`${owner}: unknown resource '${mod.resource}'`);
        const configResource = asRecord(mod.config)['resource'];
        const configResourceKey = type === 'macro' && typeof configResource === 'string' ? configResource : undefined;
        if (configResourceKey !== undefined && !resources.has(configResourceKey)) {
          problems.push(`${owner}: unknown config resource '${configResourceKey}'`);
        }
        uiModules.set(key, {
          key,
          type,
          title: String(mod.title ?? key),
          resourceKey: mod.resource,
          resolverFunctionKey,
          place: PLACES[type],
          configResourceKey,
        });
      }
    }
  }
  // Actions with problems of their own are not also reported as unknown where they are listed.
  const declaredActions = new Set(listOf(modules['action']).map((mod) => String(mod.key)));
  for (const mod of listOf(modules['action'])) {
    const action = actionOf(mod, problems, resources);
    if (!action) continue;
    knownFunction(`action '${action.key}'`, action.functionKey);
    actions.set(action.key, action);
    const resolverFunctionKey = typeof mod.resolver?.function === 'string' ? mod.resolver.function : undefined;
    if (resolverFunctionKey) knownFunction(`action '${action.key}'`, resolverFunctionKey, 'resolver function');
    if (action.configResourceKey !== undefined) {
      // The configuration form is a Custom UI module of its own, served like any other.
      uiModules.set(action.key, {
        key: action.key,
        type: 'action',
        title: action.name,
        resourceKey: action.configResourceKey,
        resolverFunctionKey,
        place: 'automation-rule',
        configResourceKey: undefined,
      });
    }
  }
  const referenced = (owner: string, list: unknown, what: string): string[] => {
    const keys = Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
    if (keys.length === 0 || keys.length !== (list as unknown[]).length) problems.push(`${owner}: ${what} must be a list of action keys`);
    for (const key of keys) if (!declaredActions.has(key)) problems.push(`${owner}: unknown action '${key}'`);
    return keys.filter((key) => actions.has(key));
  };
  const inAutomation = new Set<string>();
  for (const provider of listOf(modules['automation:actionProvider'])) {
    const owner = `automation:actionProvider '${String(provider.key)}'`;
    if (!MODULE_KEY.test(String(provider.key))) problems.push(`${owner}: the key must match ^[a-zA-Z0-9_-]+$`);
    for (const key of referenced(owner, provider.actions, 'actions')) inAutomation.add(key);
  }
  if (inAutomation.size > MAX_AUTOMATION_ACTIONS) {
    problems.push(`${inAutomation.size} Automation actions: an app is allowed to define up to ${MAX_AUTOMATION_ACTIONS}`);
  }
  for (const key of inAutomation) {
    const action = actions.get(key);
    if (!action) continue;
    action.inAutomation = true;
    // "Users … configure its inputs through a form you provide" (the table marks `config` required).
    if (action.configResourceKey === undefined)
      problems.push(`action '${key}': an Automation action needs a configuration form (config.resource)`);
  }
  for (const agent of listOf(modules['rovo:agent'])) {
    if (agent.actions === undefined) continue;
    for (const key of referenced(`rovo:agent '${String(agent.key)}'`, agent.actions, 'actions')) actions.get(key)!.inRovo = true;
  }
  for (const mcp of listOf(modules['rovo:mcp'])) {
    for (const key of referenced(`rovo:mcp '${String(mcp.key)}'`, mcp.tools, 'tools')) actions.get(key)!.inRovo = true;
  }
  if (scheduledTriggers.size > MAX_SCHEDULED_TRIGGERS) {
    problems.push(`${scheduledTriggers.size} scheduled triggers: apps can declare up to ${MAX_SCHEDULED_TRIGGERS}`);
  }

  if (problems.length > 0) {
    throw new ManifestError(`manifest ${manifestPath} cannot run:\n  - ${problems.join('\n  - ')}`);
  }

  const permissions = asRecord(doc['permissions']);
  const content = asRecord(permissions['content']);
  const external = asRecord(permissions['external']);
  return {
    appDir,
    appId: String(app['id'] ?? 'ari:cloud:ecosystem::app/local'),
    functions,
    webTriggers,
    uiModules,
    scheduledTriggers,
    triggers,
    actions,
    scopes: scopesOf(permissions['scopes']),
    resources,
    entities: (asRecord(app['storage'])['entities'] as EntityDeclaration[] | undefined) ?? [],
    content: {
      scripts: strings(content['scripts']),
      styles: strings(content['styles']),
      external: {
        fetchClient: addresses(asRecord(external['fetch'])['client']),
        images: addresses(external['images']),
        fonts: addresses(external['fonts']),
        frames: addresses(external['frames']),
        styles: addresses(external['styles']),
        scripts: addresses(external['scripts']),
      },
    },
  };
}

const ENTITY_NAME = /^[A-Za-z0-9]{1,12}$/;
const OUTPUT_DOMAIN = /^[a-z-]{1,12}$/;

/**
 * An `action` module as manifest-reference/modules/automation-action declares it: key, name,
 * function, actionVerb, description and inputs (each with title, type and required), outputs
 * (type, nullable) with their outputContext, and the configuration form. What the runtime cannot
 * run — a Forge Remote endpoint, a UI Kit form, the older `actionType` form — is refused.
 */
function actionOf(mod: RawModule, problems: string[], resources: Map<string, string>): ActionDeclaration | undefined {
  const key = String(mod.key);
  const owner = `action '${key}'`;
  const before = problems.length;
  if (!MODULE_KEY.test(key)) problems.push(`${owner}: the key must match ^[a-zA-Z0-9_-]+$`);
  if (typeof mod.function !== 'string') {
    problems.push(`${owner}: only a function is supported (Forge Remote endpoints are not emulated)`);
    return undefined;
  }
  if (typeof mod.name !== 'string' || mod.name === '') problems.push(`${owner}: name is mandatory`);
  if (typeof mod.description !== 'string' || mod.description === '') problems.push(`${owner}: description is mandatory`);
  const actionVerb = ACTION_VERBS.find((verb) => verb === mod.actionVerb);
  if (!actionVerb)
    problems.push(
      `${owner}: actionVerb must be one of ${ACTION_VERBS.join(', ')}${mod.actionType !== undefined ? ' (actionType is not emulated)' : ''}`,
    );
  const inputs = new Map<string, ActionInputDeclaration>();
  const rawInputs = mod.inputs;
  if (rawInputs === null || typeof rawInputs !== 'object' || Array.isArray(rawInputs))
    problems.push(`${owner}: inputs are mandatory (an object)`);
  for (const [name, raw] of Object.entries(asRecord(rawInputs))) {
    const input = asRecord(raw);
    const type = ACTION_IO_TYPES.find((t) => t === input['type']);
    if (typeof input['title'] !== 'string') problems.push(`${owner}: input '${name}' needs a title`);
    if (typeof input['description'] !== 'string') problems.push(`${owner}: input '${name}' needs a description`);
    if (!type) problems.push(`${owner}: input '${name}' must be of type ${ACTION_IO_TYPES.join(', ')}`);
    if (typeof input['required'] !== 'boolean') problems.push(`${owner}: input '${name}' must say whether it is required (true or false)`);
    inputs.set(name, { title: String(input['title']), type: type ?? 'string', required: input['required'] === true });
  }
  const outputs = new Map<string, ActionOutputDeclaration>();
  for (const [name, raw] of Object.entries(asRecord(mod.outputs))) {
    const output = asRecord(raw);
    const type = ACTION_IO_TYPES.find((t) => t === output['type']);
    if (!type) problems.push(`${owner}: output '${name}' must be of type ${ACTION_IO_TYPES.join(', ')}`);
    if (typeof output['nullable'] !== 'boolean') problems.push(`${owner}: output '${name}' must say whether it is nullable`);
    outputs.set(name, { type: type ?? 'string', nullable: output['nullable'] === true });
  }
  if (inputs.size > MAX_ACTION_IO || outputs.size > MAX_ACTION_IO)
    problems.push(`${owner}: at most ${MAX_ACTION_IO} inputs and ${MAX_ACTION_IO} outputs`);
  let outputContext: ActionDeclaration['outputContext'];
  if (mod.outputContext !== undefined) {
    const context = asRecord(mod.outputContext);
    const [entityName, outputType, outputDomain] = [context['entityName'], context['outputType'], context['outputDomain']];
    if (typeof entityName !== 'string' || !ENTITY_NAME.test(entityName))
      problems.push(`${owner}: outputContext.entityName must be 1–12 letters or digits`);
    if (outputType !== 'OBJECT' && outputType !== 'LIST') problems.push(`${owner}: outputContext.outputType must be OBJECT or LIST`);
    if (typeof outputDomain !== 'string' || !OUTPUT_DOMAIN.test(outputDomain)) {
      problems.push(`${owner}: outputContext.outputDomain must be 1–12 lower-case letters or -`);
    }
    outputContext = {
      entityName: String(entityName),
      outputType: outputType === 'LIST' ? 'LIST' : 'OBJECT',
      outputDomain: String(outputDomain),
    };
  } else if (outputs.size > 0) {
    // "This property is mandatory to be provided if you have any defined outputs."
    problems.push(`${owner}: outputs need an outputContext`);
  }
  let configResourceKey: string | undefined;
  if (mod.config !== undefined) {
    const config = asRecord(mod.config);
    if (config['render'] === 'native')
      problems.push(`${owner}: a UI Kit configuration form (render: native) is not emulated; use Custom UI`);
    if (typeof config['resource'] !== 'string') problems.push(`${owner}: config needs a resource`);
    else if (!resources.has(config['resource'])) problems.push(`${owner}: unknown config resource '${config['resource']}'`);
    else configResourceKey = config['resource'];
  }
  if (problems.length > before) return undefined;
  return {
    key,
    name: String(mod.name),
    description: String(mod.description),
    functionKey: mod.function,
    actionVerb: actionVerb ?? 'GET',
    inputs,
    outputs,
    outputContext,
    configResourceKey,
    inAutomation: false,
    inRovo: false,
  };
}

function scopesOf(value: unknown): string[] | Record<string, unknown> {
  if (Array.isArray(value)) return strings(value);
  return asRecord(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Entries are an address string or `{ address }` (manifest-reference/permissions). */
function addresses(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === 'string' ? entry : asRecord(entry)['address']))
    .filter((entry): entry is string => typeof entry === 'string');
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function listOf(value: unknown): RawModule[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as RawModule[]) : [];
}
