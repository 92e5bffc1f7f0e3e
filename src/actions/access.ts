import { actionsAllowedIn, type ActionWorkspace } from '../automation/action-scope';
import { isMissingConsent } from '../platform/forge-api';
import { accessTo, type Access, type Place } from '../platform/place-access';
import type { PollRecord } from '../platform/poll-store';
import { issueOf, type IssueFound } from '../platform/product-content';
import { forbidden, notFound } from '../shared/domain-errors';
import type { AutomationPolicy } from '../shared/tokens';
import { ActionRefusal } from './outcome';

/**
 * Who may do what through an action. "Automation will always invoke your action as a particular
 * user associated with the connection … you should always use asUser()"
 * (manifest-reference/modules/automation-action, "Permissions: asApp() vs asUser()"), and Rovo
 * runs it as the user in the chat: every check here asks the product as that user, as the poll
 * UI does — view to read results, edit (or site admin) to create and close. On top, the admin's
 * policy says whether the actions work at all, and where.
 */
const SETTINGS = 'A Jira admin can change this in Apps → Quorum → Settings.';

export function requireEnabled(policy: AutomationPolicy): void {
  if (!policy.enabled) {
    throw new ActionRefusal('actions_disabled', 'actions_disabled', `Quorum’s Automation actions are turned off on this site. ${SETTINGS}`);
  }
}

/** The policy's limit, as a token's scope limits a token. */
export function requireAllowedIn(policy: AutomationPolicy, workspace: ActionWorkspace): void {
  if (actionsAllowedIn(policy, workspace)) return;
  const where = workspace.product === 'jira' ? `Jira project ${workspace.id}` : `Confluence space ${workspace.id}`;
  throw new ActionRefusal(
    'insufficient_scope',
    'workspace_not_allowed',
    `Quorum’s Automation actions may not be used in ${where}. ${SETTINGS}`,
  );
}

/** The work item, as the action's user sees it; not found when it does not exist or they cannot see it. */
export async function issueFor(issueKey: string): Promise<IssueFound> {
  const issue = await asTheUser(() => issueOf(issueKey, 'user'));
  if (!issue) throw notFound(`There is no work item ${issueKey}, or the user this action runs as cannot see it.`);
  return issue;
}

/** What the user may do where the poll is (its issue, or its macro's page). */
export async function accessToPoll(record: PollRecord, accountId: string): Promise<Access> {
  const place = await placeOfPoll(record);
  return place ? asTheUser(() => accessTo(place, accountId)) : { view: false, edit: false, admin: false };
}

export async function accessToIssue(issue: IssueFound, accountId: string): Promise<Access> {
  return asTheUser(() => accessTo({ product: 'jira', issueId: issue.id, issueKey: issue.key, projectKey: issue.projectKey }, accountId));
}

/** Managing polls takes Edit on their issue or page, or a site admin. */
export function requireManager(access: Access, what: string, doing: string): void {
  if (!access.edit && !access.admin) throw forbidden(`The user this action runs as cannot edit ${what}, so it cannot ${doing}.`);
}

async function placeOfPoll(record: PollRecord): Promise<Place | undefined> {
  if (record.product === 'confluence') {
    return { product: 'confluence', pageId: record.contentId ?? record.content, spaceId: record.workspace, macroId: record.container };
  }
  // Polls stored before they were tied to their issue's id carry only its key.
  const issueId = record.contentId ?? (await asTheUser(() => issueOf(record.content, 'user')))?.id;
  return issueId ? { product: 'jira', issueId, issueKey: record.content, projectKey: record.workspace } : undefined;
}

/**
 * Runs a product call as the user. "The user associated with the connection must also have an
 * app consent entry in their Connected apps … when asUser() is used" (same page): without it the
 * platform refuses, and the rule owner is told what to do.
 */
async function asTheUser<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isMissingConsent(error)) throw error;
    throw new ActionRefusal(
      'insufficient_scope',
      'no_consent',
      'Quorum cannot act as the user this action runs as: they have not allowed Quorum to act for them. ' +
        'They can allow it in their Connected apps (https://id.atlassian.com/manage-profile/apps), or the rule can use the connection of a user who has.',
    );
  }
}
