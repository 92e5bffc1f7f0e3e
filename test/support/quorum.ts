import { randomUUID } from 'node:crypto';
import { LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import type { ResolverDefinitions, ResolverKey, ResolverResult } from '../../src/shared/resolver-contract';
import type { CreateTokenInput, TokenScope } from '../../src/shared/tokens';

export const ADMIN_MODULE = 'quorum-jira-admin';
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where Forge's documentation leaves storage behaviour open, the tests take the reading that is
 * hardest on the app: expired data stays readable (up to 48 h, as Forge allows) and a refused
 * conditional write carries a code the app cannot know.
 */
export const STRICT_STORAGE: NonNullable<LocalRuntimeOptions['fidelity']> = { lingeringExpiry: true, unfamiliarConflicts: true };

/**
 * Quorum on the local runtime, in memory: a fresh, empty installation on strict storage — with
 * a site id of its own, so what the app keeps in memory per installation starts empty too.
 */
export function quorumRuntime(options: LocalRuntimeOptions = {}): LocalRuntime {
  return new LocalRuntime({ storage: { kind: 'memory' }, fidelity: STRICT_STORAGE, cloudId: randomUUID(), ...options });
}

/** Calls a resolver the way the admin page's `invoke` does, as `accountId` (default: an admin). */
export async function callResolver<K extends ResolverKey>(
  runtime: LocalRuntime,
  key: K,
  payload: ResolverDefinitions[K]['payload'] | Record<string, unknown>,
  accountId = 'local-admin',
): Promise<ResolverResult<ResolverDefinitions[K]['data']>> {
  return (await runtime.invokeResolver({ moduleKey: ADMIN_MODULE, functionKey: key, payload, accountId })) as ResolverResult<
    ResolverDefinitions[K]['data']
  >;
}

/** Unwraps a successful envelope, failing the test with the error otherwise. */
export function unwrap<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`resolver failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

export function inDays(days: number, from = Date.now()): string {
  return new Date(from + days * DAY_MS).toISOString();
}

export const READ_WRITE_PLAT: TokenScope = {
  jiraProjects: ['PLAT'],
  confluenceSpaces: [],
  anyWorkspace: false,
  operations: ['read', 'create', 'update', 'delete'],
};

export function tokenInput(overrides: Partial<CreateTokenInput> = {}): CreateTokenInput {
  return { name: `token ${Math.random().toString(36).slice(2)}`, scope: READ_WRITE_PLAT, expiresAt: inDays(30), ...overrides };
}

export async function mintToken(
  runtime: LocalRuntime,
  overrides: Partial<CreateTokenInput> = {},
): Promise<ResolverDefinitions['tokens/create']['data']> {
  return unwrap(await callResolver(runtime, 'tokens/create', tokenInput(overrides)));
}
