import { forgeApi } from './forge-api';
import type { PollLocation } from '../shared/polls';

/** Answers that mean "no such content for this app" rather than "the product failed". */
const ABSENT = new Set([401, 403, 404, 410]);

/**
 * The id of the issue or page, if it exists and lies in the location's project or space, asked
 * of the product as the app (a web trigger has no user). A Jira issue moved to another project
 * keeps answering under its old key, with its new project — so the project is compared, not
 * assumed. A product failure throws: "no" would wrongly tell the caller the content does not exist.
 */
export async function contentIdIn(location: PollLocation): Promise<string | undefined> {
  const { asApp, route } = await forgeApi();
  if (location.product === 'jira') {
    const response = await asApp().requestJira(route`/rest/api/3/issue/${location.content}?fields=project`);
    const body = await bodyIfFound<{ id?: unknown; fields?: { project?: { key?: unknown } } }>(response, 'Jira');
    return body?.fields?.project?.key === location.workspace && typeof body.id === 'string' ? body.id : undefined;
  }
  const response = await asApp().requestConfluence(route`/wiki/api/v2/pages/${location.content}`);
  const body = await bodyIfFound<{ id?: unknown; spaceId?: unknown }>(response, 'Confluence');
  return body !== undefined && String(body.spaceId) === location.workspace ? String(body.id ?? location.content) : undefined;
}

type ProductResponse = { ok: boolean; status: number; json(): Promise<unknown> };

async function bodyIfFound<T>(response: ProductResponse, product: string): Promise<T | undefined> {
  if (ABSENT.has(response.status)) return undefined;
  if (!response.ok) throw new Error(`${product} answered ${response.status} to a content lookup`);
  return (await response.json()) as T;
}
