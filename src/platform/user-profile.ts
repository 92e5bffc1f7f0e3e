import { forgeApi } from './forge-api';

/**
 * The calling user's display name, asked of the product as that user; for polls that record who
 * voted. Falls back to the account id: a name is a courtesy, not a reason to refuse a vote.
 */
export async function displayNameOf(product: 'jira' | 'confluence', accountId: string): Promise<string> {
  const { asUser, route } = await forgeApi();
  try {
    const response =
      product === 'jira'
        ? await asUser().requestJira(route`/rest/api/3/myself`)
        : await asUser().requestConfluence(route`/wiki/rest/api/user/current`);
    if (!response.ok) return accountId;
    const body = (await response.json()) as { displayName?: unknown; publicName?: unknown };
    const name = typeof body.displayName === 'string' ? body.displayName : typeof body.publicName === 'string' ? body.publicName : '';
    return name.trim() || accountId;
  } catch {
    return accountId;
  }
}
