import { forgeApi } from './forge-api';
import type { Workspaces } from '../shared/tokens';

const PAGE_SIZE = 50;
const MAX_PAGES = 40;

/**
 * The site's Jira projects and Confluence spaces, asked as the app. A product the app is not
 * installed in (or that fails) contributes nothing, so a Jira-only site still works.
 */
export async function listSiteWorkspaces(): Promise<Workspaces> {
  const [jiraProjects, confluenceSpaces] = await Promise.all([listJiraProjects(), listConfluenceSpaces()]);
  return { jiraProjects, confluenceSpaces };
}

async function listJiraProjects(): Promise<Workspaces['jiraProjects']> {
  const projects: Workspaces['jiraProjects'] = [];
  try {
    const { asApp, route } = await forgeApi();
    for (let page = 0, startAt = 0; page < MAX_PAGES; page++) {
      const response = await asApp().requestJira(route`/rest/api/3/project/search?startAt=${startAt}&maxResults=${PAGE_SIZE}`);
      if (!response.ok) break;
      const body = (await response.json()) as { values?: Array<{ key: string; name: string }>; isLast?: boolean };
      const values = body.values ?? [];
      projects.push(...values.map(({ key, name }) => ({ key, name })));
      if (body.isLast !== false || values.length === 0) break;
      startAt += values.length;
    }
  } catch {
    // Not installed in Jira, or Jira failed: no projects to offer.
  }
  return projects;
}

async function listConfluenceSpaces(): Promise<Workspaces['confluenceSpaces']> {
  const spaces: Workspaces['confluenceSpaces'] = [];
  try {
    const { asApp, assumeTrustedRoute } = await forgeApi();
    let next: string | undefined = `/wiki/api/v2/spaces?limit=${PAGE_SIZE}`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const response = await asApp().requestConfluence(assumeTrustedRoute(next));
      if (!response.ok) break;
      const body = (await response.json()) as { results?: Array<{ id: string; key: string; name: string }>; _links?: { next?: string } };
      spaces.push(...(body.results ?? []).map(({ id, key, name }) => ({ id: String(id), key, name })));
      next = body._links?.next;
    }
  } catch {
    // Not installed in Confluence, or Confluence failed: no spaces to offer.
  }
  return spaces;
}
