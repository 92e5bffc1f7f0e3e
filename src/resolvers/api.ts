import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { pollsApiUrl } from '../platform/web-trigger-url';
import type { ApiInfo } from '../shared/resolver-contract';
import { adminOnly } from './admin-only';

const EmptyPayload = z.strictObject({});

/** Resolvers of the admin page's API tab. */
export function defineApiResolvers(resolver: Resolver): void {
  resolver.define(
    'api/info',
    adminOnly(EmptyPayload, async (): Promise<ApiInfo> => ({ webTriggerUrl: await pollsApiUrl() })),
  );
}
