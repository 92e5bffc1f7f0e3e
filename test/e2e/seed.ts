import { setTimeout as delay } from 'node:timers/promises';
import type { LocalRuntime } from '../../local/runtime';
import type { ResolverDefinitions, ResolverKey, ResolverResult } from '../../src/shared/resolver-contract';
import type { CreateTokenInput, TokenScope } from '../../src/shared/tokens';

const ADMIN_MODULE = 'quorum-jira-admin';
const DAY_MS = 24 * 60 * 60 * 1000;

async function call<K extends ResolverKey>(
  runtime: LocalRuntime,
  key: K,
  payload: ResolverDefinitions[K]['payload'],
): Promise<ResolverDefinitions[K]['data']> {
  const result = (await runtime.invokeResolver({
    moduleKey: ADMIN_MODULE,
    functionKey: key,
    payload,
    accountId: 'local-admin',
  })) as ResolverResult<ResolverDefinitions[K]['data']>;
  if (!result.ok) throw new Error(`${key} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

const READ: TokenScope['operations'] = ['read'];
const READ_WRITE: TokenScope['operations'] = ['read', 'create', 'update', 'delete'];

function scope(jiraProjects: string[], confluenceSpaces: string[], operations: TokenScope['operations']): TokenScope {
  return { jiraProjects, confluenceSpaces, anyWorkspace: false, operations };
}

function mint(runtime: LocalRuntime, input: CreateTokenInput): Promise<ResolverDefinitions['tokens/create']['data']> {
  return call(runtime, 'tokens/create', input);
}

/**
 * A site that looks lived in, for screenshots and the render benchmark: tokens in every status,
 * and audit events from lifecycle changes and from requests to the web trigger.
 */
export async function seedLivedInSite(runtime: LocalRuntime, triggerUrl: string): Promise<void> {
  const now = Date.now();
  const inDays = (days: number): string => new Date(now + days * DAY_MS).toISOString();
  // Expires in a moment, so it is listed as expired by the time the page loads.
  await mint(runtime, {
    name: 'Load test (temporary)',
    scope: scope(['OPS'], [], READ),
    expiresAt: new Date(now + 1500).toISOString(),
  });
  const retro = await mint(runtime, { name: 'Sprint retro rule', scope: scope(['PLAT'], [], READ_WRITE), expiresAt: inDays(90) });
  await mint(runtime, { name: 'Release readiness poll', scope: scope(['PLAT', 'OPS'], [], READ_WRITE), expiresAt: inDays(5) });
  const wiki = await mint(runtime, { name: 'Engineering wiki sync', scope: scope([], ['1001'], READ), expiresAt: inDays(365) });
  const legacy = await mint(runtime, { name: 'Legacy dashboard', scope: scope(['OPS'], ['1002'], READ), expiresAt: inDays(30) });
  await call(runtime, 'tokens/revoke', { id: legacy.tokenView.id });
  await call(runtime, 'tokens/rotate', { id: wiki.tokenView.id });

  const get = (token: string, workspace: string, content: string): Promise<Response> =>
    fetch(`${triggerUrl}?${new URLSearchParams({ token, type: 'polls', workspace, content }).toString()}`);
  await get(retro.token, 'PLAT', 'PLAT-7');
  await get(retro.token, 'OPS', 'OPS-3');
  await get('qrm_not-a-real-token', 'PLAT', 'PLAT-1');
  await get(legacy.token, 'OPS', 'OPS-1');
  await fetch(`${triggerUrl}/polls?workspace=PLAT&content=PLAT-12`, { headers: { authorization: `Bearer ${retro.token}` } });
  await delay(Math.max(0, now + 1600 - Date.now()));
}
