import type Resolver from '@forge/resolver';
import { pollsApiUrl } from '../platform/web-trigger-url';
import type { ApiInfo } from '../shared/resolver-contract';
import { adminOnly, EMPTY_PAYLOAD } from './admin-only';

/** Resolvers of the admin page's API tab. */
export function defineApiResolvers(resolver: Resolver): void {
  resolver.define(
    'api/info',
    adminOnly(EMPTY_PAYLOAD, async (): Promise<ApiInfo> => ({ webTriggerUrl: await pollsApiUrl() })),
  );
}
