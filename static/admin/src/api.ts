import { invoke } from '@forge/bridge';
import type { ApiInfo, ResolverDefinitions, ResolverKey, ResolverResult } from '../../../src/shared/resolver-contract';
import type { AuditListInput, CreateTokenInput, Policy, TokenListInput } from '../../../src/shared/tokens';

type Payload<K extends ResolverKey> = ResolverDefinitions[K]['payload'];
type Answer<K extends ResolverKey> = Promise<ResolverResult<ResolverDefinitions[K]['data']>>;

/** Thrown when the bridge answers with something that is not a resolver envelope. */
export class MalformedResponseError extends Error {
  constructor(functionKey: string) {
    super(`Resolver ${functionKey} answered without the { ok, data | error } envelope`);
    this.name = 'MalformedResponseError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isEnvelope(value: unknown): value is ResolverResult<unknown> {
  if (!isObject(value)) return false;
  if (value.ok === true) return 'data' in value;
  return value.ok === false && isObject(value.error) && typeof value.error.message === 'string';
}

/**
 * Calls a resolver through the Forge bridge. Expected failures come back as `{ ok: false }`;
 * a rejection means the call itself failed (bridge, network, or a resolver that crashed).
 */
export async function callResolver<K extends ResolverKey>(functionKey: K, payload: Payload<K>): Answer<K> {
  const response: unknown = await invoke(functionKey, payload);
  if (!isEnvelope(response)) throw new MalformedResponseError(functionKey);
  // The shape of `data` is the resolver's side of the shared contract, not re-validated here.
  return response as ResolverResult<ResolverDefinitions[K]['data']>;
}

/** The first page, newest first, unless a query or status says otherwise. */
export const listTokens = (input: TokenListInput = {}): Answer<'tokens/list'> => callResolver('tokens/list', input);
export const createToken = (input: CreateTokenInput): Answer<'tokens/create'> => callResolver('tokens/create', input);
export const revokeToken = (id: string): Answer<'tokens/revoke'> => callResolver('tokens/revoke', { id });
export const rotateToken = (id: string): Answer<'tokens/rotate'> => callResolver('tokens/rotate', { id });
export const revokeAllTokens = (): Answer<'tokens/revokeAll'> => callResolver('tokens/revokeAll', {});
export const listAudit = (query: AuditListInput): Answer<'audit/list'> => callResolver('audit/list', query);
export const getSettings = (): Answer<'settings/get'> => callResolver('settings/get', {});
export const updateSettings = (policy: Policy): Answer<'settings/update'> => callResolver('settings/update', { policy });
export const getWorkspaces = (): Answer<'site/workspaces'> => callResolver('site/workspaces', {});
export const getApiInfo = (): Promise<ResolverResult<ApiInfo>> => callResolver('api/info', {});
