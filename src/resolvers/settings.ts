import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log';
import { readPolicy, writePolicy } from '../platform/policy-store';
import { listSiteWorkspaces } from '../platform/site-workspaces';
import { PolicySchema } from '../shared/tokens';
import { adminOnly, EMPTY_PAYLOAD } from './admin-only';

/** Resolvers of the admin page's Settings tab, and the workspaces the token form offers. */
export function defineSettingsResolvers(resolver: Resolver): void {
  resolver.define(
    'settings/get',
    adminOnly(EMPTY_PAYLOAD, async () => ({ policy: await readPolicy() })),
  );
  resolver.define(
    'settings/update',
    adminOnly(z.strictObject({ policy: PolicySchema }), async ({ policy }, caller) => {
      await writePolicy(policy);
      await recordAudit({ outcome: 'policy_updated', actorAccountId: caller.accountId }, policy);
      return { policy };
    }),
  );
  resolver.define('site/workspaces', adminOnly(EMPTY_PAYLOAD, listSiteWorkspaces));
}
