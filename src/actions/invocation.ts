import { isRecord } from '../shared/schemas';

/**
 * One run of an action, from what the platform hands the function.
 *
 * - The payload is the inputs (manifest-reference/modules/automation-action, "Action execution":
 *   the function reads `payload.issueKey` and the like). Rovo adds a `context` object with the
 *   place the user is looking at (manifest-reference/modules/rovo-action, "Jira issue example");
 *   no input of ours is called `context`, so one in the payload is Rovo's. The Automation page
 *   documents no context in the payload: nothing here depends on one being there.
 * - The second argument is the function's context. "Automation will always invoke your action as
 *   a particular user associated with the connection", and for Rovo "The context contains the
 *   user's accountId" — neither page says where in it; functions get it as
 *   `principal.accountId`, so that is read first, then a top-level `accountId`.
 * - Neither page gives the function the rule's id or name. The configuration form puts
 *   `{{rule.name}}` in a hidden `rule` input for the audit log; like any input it is what the rule
 *   says, while the account is the platform's.
 */
export type ActionInvocation = {
  /** The inputs, without Rovo's context. */
  inputs: Record<string, unknown>;
  /** The user the action runs as; undefined if the platform named none. */
  accountId: string | undefined;
  /** The installation, for the voter hash (as the poll UI's resolver keys it). */
  installation: string;
  via: 'automation' | 'rovo';
  /** Rovo's context in a Jira issue view: the issue, and the site's URL for links. */
  rovoIssue: { key: string | undefined; url: string | undefined } | undefined;
};

export function invocationOf(payload: unknown, context: unknown): ActionInvocation {
  const { context: rovoContext, ...inputs } = isRecord(payload) ? payload : {};
  const platform = isRecord(context) ? context : {};
  const principal = isRecord(platform['principal']) ? platform['principal'] : {};
  const accountId = [principal['accountId'], platform['accountId']].find((id): id is string => typeof id === 'string' && id !== '');
  const jira = isRecord(rovoContext) && isRecord(rovoContext['jira']) ? rovoContext['jira'] : undefined;
  return {
    inputs,
    accountId,
    installation: typeof platform['installContext'] === 'string' ? platform['installContext'] : 'local',
    via: rovoContext === undefined ? 'automation' : 'rovo',
    rovoIssue: jira
      ? {
          // The page's example has `"issueKey": 1`: only a string that looks like a key is taken.
          key: typeof jira['issueKey'] === 'string' ? jira['issueKey'] : undefined,
          url: typeof jira['url'] === 'string' ? jira['url'] : undefined,
        }
      : undefined,
  };
}
