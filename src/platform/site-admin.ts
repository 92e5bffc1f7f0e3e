import { forgeApi } from './forge-api';

/**
 * Whether the calling user administers the Jira or the Confluence site, asked of the product as
 * that user. Any failure answers "no": an admin check must fail closed.
 */
export async function isSiteAdmin(): Promise<boolean> {
  return (await isJiraAdmin()) || (await isConfluenceAdmin());
}

async function isJiraAdmin(): Promise<boolean> {
  try {
    const { asUser, route } = await forgeApi();
    const response = await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);
    if (!response.ok) return false;
    const body = (await response.json()) as { permissions?: { ADMINISTER?: { havePermission?: unknown } } };
    return body.permissions?.ADMINISTER?.havePermission === true;
  } catch {
    return false;
  }
}

export async function isConfluenceAdmin(): Promise<boolean> {
  try {
    const { asUser, route } = await forgeApi();
    const response = await asUser().requestConfluence(route`/wiki/rest/api/user/current?expand=operations`);
    if (!response.ok) return false;
    const body = (await response.json()) as { operations?: Array<{ operation?: unknown; targetType?: unknown }> };
    return (body.operations ?? []).some((op) => op.operation === 'administer' && op.targetType === 'application');
  } catch {
    return false;
  }
}
