import type Resolver from '@forge/resolver';
import { auditRowFor } from '../audit/audit-log';
import { automationPolicyProblems, normalizeAutomationPolicy } from '../automation/action-scope';
import { readPolicy, writePolicy } from '../platform/policy-store';
import { listSiteWorkspaces } from '../platform/site-workspaces';
import { validationError } from '../shared/domain-errors';
import { strictObject } from '../shared/schemas';
import { PolicySchema } from '../shared/tokens';
import { describePolicyChanges } from '../tokens/policy-changes';
import { adminOnly, EMPTY_PAYLOAD } from './admin-only';

/** Resolvers of the admin page's Settings tab, and the workspaces the token form offers. */
export function defineSettingsResolvers(resolver: Resolver): void {
  resolver.define(
    'settings/get',
    adminOnly(EMPTY_PAYLOAD, async () => ({ policy: await readPolicy() })),
  );
  resolver.define(
    'settings/update',
    adminOnly(strictObject({ policy: PolicySchema }), async ({ policy: given }, caller) => {
      const before = await readPolicy();
      const policy = { ...given, automationActions: normalizeAutomationPolicy(given.automationActions) };
      if (JSON.stringify(policy.automationActions) !== JSON.stringify(before.automationActions)) {
        const problems = automationPolicyProblems(policy.automationActions, before.automationActions, await listSiteWorkspaces());
        if (problems.length > 0) throw validationError(problems, 'The Automation actions setting is invalid; see errors.');
      }
      // The event records what changed, and outlives both retentions: shortening the retention
      // cannot make the record of its own shortening disappear early.
      const event = auditRowFor(
        { outcome: 'policy_updated', actorAccountId: caller.accountId, reason: describePolicyChanges(before, policy) || 'no change' },
        Math.max(before.auditRetentionDays, policy.auditRetentionDays),
      );
      await writePolicy(policy, [event]);
      return { policy };
    }),
  );
  resolver.define('site/workspaces', adminOnly(EMPTY_PAYLOAD, listSiteWorkspaces));
}
