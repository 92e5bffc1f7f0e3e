import { resolverCaller } from '../../common/invoke';
import type { ApiInfo, ResolverDefinitions, ResolverKey, ResolverResult } from '../../../src/shared/resolver-contract';
import type { AuditListInput, CreateTokenInput, Policy, TokenListInput } from '../../../src/shared/tokens';

type Answer<K extends ResolverKey> = Promise<ResolverResult<ResolverDefinitions[K]['data']>>;

/** Calls an admin resolver through the Forge bridge (see static/common/invoke.ts). */
export const callResolver = resolverCaller<ResolverDefinitions>();

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
