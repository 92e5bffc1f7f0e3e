import { forgeApi } from './forge-api';
import { pageOf, issueOf } from './product-content';
import { isConfluenceAdmin } from './site-admin';

/**
 * Where a poll UI module runs, as its context claims: a Jira issue, or a macro on a Confluence
 * page. A claim only — `accessTo` asks the product, as the user, what they may do there.
 */
export type Place =
  | { product: 'jira'; issueId: string; issueKey: string; projectKey: string }
  | { product: 'confluence'; pageId: string; spaceId: string; macroId: string };

/** What the user may do at a place: view (see and vote), edit (manage polls), or both as an admin. */
export type Access = { view: boolean; edit: boolean; admin: boolean };

const NONE: Access = { view: false, edit: false, admin: false };
/** Answers that mean "not for this user" rather than "the product failed". */
const REFUSED = new Set([401, 403, 404]);

/**
 * Asks the product, as the calling user, on every call (DESIGN §10): Jira in one call (browse and
 * edit the issue, administer Jira); Confluence in one call to view the page, one to check it can
 * be edited and, failing that, one for the admin right. A product failure throws: it must not
 * read as "no permission" nor as "permission".
 */
export async function accessTo(place: Place, accountId: string): Promise<Access> {
  return place.product === 'jira' ? jiraAccess(place.issueId) : confluenceAccess(place.pageId, accountId);
}

type JiraPermissions = { permissions?: Record<string, { havePermission?: unknown } | undefined> };

async function jiraAccess(issueId: string): Promise<Access> {
  const { asUser, route } = await forgeApi();
  const response = await asUser().requestJira(
    route`/rest/api/3/mypermissions?issueId=${issueId}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
  );
  if (REFUSED.has(response.status)) return NONE;
  if (!response.ok) throw new Error(`Jira answered ${response.status} to a permission check`);
  const { permissions = {} } = (await response.json()) as JiraPermissions;
  const has = (key: string): boolean => permissions[key]?.havePermission === true;
  const view = has('BROWSE_PROJECTS');
  return { view, edit: view && has('EDIT_ISSUES'), admin: has('ADMINISTER') };
}

async function confluenceAccess(pageId: string, accountId: string): Promise<Access> {
  if (!(await pageOf(pageId, 'user'))) return NONE;
  const { asUser, route } = await forgeApi();
  const check = await asUser().requestConfluence(route`/wiki/rest/api/content/${pageId}/permission/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ subject: { type: 'user', identifier: accountId }, operation: 'update' }),
  });
  if (!check.ok && !REFUSED.has(check.status)) throw new Error(`Confluence answered ${check.status} to a permission check`);
  const edit = check.ok && ((await check.json()) as { hasPermission?: unknown }).hasPermission === true;
  return { view: true, edit, admin: edit ? false : await isConfluenceAdmin() };
}

/** The place's current project or space, asked as the app (the user's claim is not trusted for it). */
export async function currentWorkspaceOf(place: Place): Promise<{ workspace: string; content: string } | undefined> {
  if (place.product === 'jira') {
    const issue = await issueOf(place.issueId, 'app');
    return issue && { workspace: issue.projectKey, content: issue.key };
  }
  const page = await pageOf(place.pageId, 'app');
  return page && { workspace: page.spaceId, content: place.pageId };
}
