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
  /** Modules with a Custom UI resource (admin pages, global settings, …), by module key. */
  uiModules: Map<string, UiModuleDeclaration>;
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

export type FunctionDeclaration = { key: string; file: string; exportName: string };
export type WebTriggerDeclaration = { key: string; functionKey: string };
export type UiModuleDeclaration = {
  key: string;
  type: string;
  title: string;
  resourceKey: string;
  resolverFunctionKey: string | undefined;
};

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const HANDLER_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.cjs'];
const MODULE_KEY = /^[a-zA-Z0-9_-]+$/;

type RawModule = {
  key?: unknown;
  function?: unknown;
  handler?: unknown;
  resource?: unknown;
  resolver?: { function?: unknown };
  title?: unknown;
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
    functions.set(key, { key, file, exportName: handler.slice(dot + 1) });
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
  for (const [type, list] of Object.entries(modules)) {
    if (type === 'function') continue;
    for (const mod of listOf(list)) {
      const key = String(mod.key);
      if (type === 'webtrigger') {
        const functionKey = String(mod.function);
        if (!functions.has(functionKey) && !problems.some((p) => p.startsWith(`function '${functionKey}'`))) {
          problems.push(`webtrigger '${key}': unknown function '${functionKey}'`);
        }
        webTriggers.set(key, { key, functionKey });
      } else if (typeof mod.resource === 'string') {
        const resolverFunctionKey = typeof mod.resolver?.function === 'string' ? mod.resolver.function : undefined;
        if (
          resolverFunctionKey &&
          !functions.has(resolverFunctionKey) &&
          !problems.some((p) => p.startsWith(`function '${resolverFunctionKey}'`))
        ) {
          problems.push(`${type} '${key}': unknown resolver function '${resolverFunctionKey}'`);
        }
        if (!resources.has(mod.resource)) problems.push(`${type} '${key}': unknown resource '${mod.resource}'`);
        uiModules.set(key, { key, type, title: String(mod.title ?? key), resourceKey: mod.resource, resolverFunctionKey });
      }
    }
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
