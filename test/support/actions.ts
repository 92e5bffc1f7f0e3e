import type { ActionCall, ActionRun, LocalRuntime } from '../../local/runtime';
import { SMART_VALUES } from '../../src/shared/actions';
import type { AuditEvent, AutomationPolicy } from '../../src/shared/tokens';
import { callResolver, unwrap } from './quorum';

/** Turns Quorum's Automation actions on (where `automation` says), as an admin would in Settings. */
export async function allowActions(runtime: LocalRuntime, automation: Partial<AutomationPolicy> = {}): Promise<void> {
  const { policy } = unwrap(await callResolver(runtime, 'settings/get', {}));
  const automationActions = { enabled: true, anyWorkspace: false, jiraProjects: ['PLAT'], confluenceSpaces: [], ...automation };
  unwrap(await callResolver(runtime, 'settings/update', { policy: { ...policy, automationActions } }));
}

/** What the configuration form saves for "Create poll" with these fields: the hidden smart values included. */
export function createPollConfig(fields: Record<string, unknown>): Record<string, unknown> {
  return { issueKey: SMART_VALUES.issueKey, rule: SMART_VALUES.ruleName, siteUrl: SMART_VALUES.baseUrl, ...fields };
}

/** A rule run: by default as `local-admin` (the connection's user), for PLAT-1, in a rule called "Retro rule". */
export function runRule(
  runtime: LocalRuntime,
  actionKey: string,
  inputs: Record<string, unknown>,
  call: ActionCall = {},
): Promise<ActionRun> {
  return runtime.runAction(actionKey, { issueKey: 'PLAT-1', rule: { name: 'Retro rule' }, accountId: 'local-admin', inputs, ...call });
}

/** The messages a failed run answers, which the rule owner reads in the rule's audit log. */
export function messagesOf(run: ActionRun): string[] {
  expect(run.outcome).toBe('failed');
  return (run.errors ?? []).map((e) => e.message);
}

export function outputsOf(run: ActionRun): Record<string, any> {
  if (run.outcome !== 'succeeded') throw new Error(`the action did not succeed: ${JSON.stringify(run)}`);
  return run.outputs ?? {};
}

/** The newest audit events, newest first. */
export async function auditEvents(runtime: LocalRuntime, limit = 20): Promise<AuditEvent[]> {
  return unwrap(await callResolver(runtime, 'audit/list', { limit })).events;
}
