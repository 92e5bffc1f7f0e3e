import { forgeApi } from './forge-api';
import type { PollLocation } from '../shared/polls';

/** Answers that mean "no such content for this caller" rather than "the product failed". */
const ABSENT = new Set([401, 403, 404, 410]);

/** Who asks: the app (a web trigger has no user), or the calling user (what they may see). */
export type Asker = 'app' | 'user';

/** An issue as found: its id, its key now and its project now. */
export type IssueFound = { id: string; key: string; projectKey: string };

/** A page as found: its id and its space's id. */
export type PageFound = { id: string; spaceId: string };

/**
 * The issue, by id or key, or undefined when it does not exist or `as` may not see it (Jira
 * answers both with 404). A moved issue answers under its old key with its new key and project.
 * A product failure throws: "no" would wrongly tell the caller the content does not exist.
 */
export async function issueOf(idOrKey: string, as: Asker): Promise<IssueFound | undefined> {
  const api = await forgeApi();
  const response = await (as === 'app' ? api.asApp() : api.asUser()).requestJira(api.route`/rest/api/3/issue/${idOrKey}?fields=project`);
  const body = await bodyIfFound<{ id?: unknown; key?: unknown; fields?: { project?: { key?: unknown } } }>(response, 'Jira');
  const projectKey = body?.fields?.project?.key;
  if (typeof body?.id !== 'string' || typeof body.key !== 'string' || typeof projectKey !== 'string') return undefined;
  return { id: body.id, key: body.key, projectKey };
}

/** The page, or undefined when it does not exist or `as` may not see it; a product failure throws. */
export async function pageOf(pageId: string, as: Asker): Promise<PageFound | undefined> {
  const api = await forgeApi();
  const response = await (as === 'app' ? api.asApp() : api.asUser()).requestConfluence(api.route`/wiki/api/v2/pages/${pageId}`);
  const body = await bodyIfFound<{ id?: unknown; spaceId?: unknown }>(response, 'Confluence');
  if (body === undefined || body.spaceId === undefined || body.spaceId === null) return undefined;
  return { id: String(body.id ?? pageId), spaceId: String(body.spaceId) };
}

/**
 * The id of the issue or page, if it exists and lies in the location's project or space, asked
 * of the product as the app. A Jira issue moved to another project keeps answering under its old
 * key, with its new project — so the project is compared, not assumed.
 */
export async function contentIdIn(location: PollLocation): Promise<string | undefined> {
  if (location.product === 'jira') {
    const issue = await issueOf(location.content, 'app');
    return issue?.projectKey === location.workspace ? issue.id : undefined;
  }
  const page = await pageOf(location.content, 'app');
  return page?.spaceId === location.workspace ? page.id : undefined;
}

type ProductResponse = { ok: boolean; status: number; json(): Promise<unknown> };

async function bodyIfFound<T>(response: ProductResponse, product: string): Promise<T | undefined> {
  if (ABSENT.has(response.status)) return undefined;
  if (!response.ok) throw new Error(`${product} answered ${response.status} to a content lookup`);
  return (await response.json()) as T;
}
