import { forgeApi } from './forge-api';

export type IssueSeen = { id: string; key: string; projectKey: string };

/** Answers that mean "not for this user" rather than "Jira failed". */
const REFUSED = new Set([401, 403, 404, 410]);

/**
 * The issue as the invoking user sees it — its id, current key and project — or undefined when
 * it does not exist or they cannot browse it (Jira answers both with 404). A moved issue answers
 * under its old key with its new one. Jira failing throws: that is not a "no".
 */
export async function issueAsUser(issueKey: string): Promise<IssueSeen | undefined> {
  const { asUser, route } = await forgeApi();
  const response = await asUser().requestJira(route`/rest/api/3/issue/${issueKey}?fields=project`);
  if (REFUSED.has(response.status)) return undefined;
  if (!response.ok) throw new Error(`Jira answered ${response.status} to an issue lookup`);
  const issue = (await response.json()) as { id?: unknown; key?: unknown; fields?: { project?: { key?: unknown } } };
  const projectKey = issue.fields?.project?.key;
  if (typeof issue.id !== 'string' || typeof issue.key !== 'string' || typeof projectKey !== 'string') return undefined;
  return { id: issue.id, key: issue.key, projectKey };
}

/**
 * Whether `error` is the platform's refusal to act as a user who has not given the app consent
 * (@forge/api's NeedsAuthenticationError). Known by name, so checking needs no load of @forge/api.
 */
export function isMissingConsent(error: unknown): boolean {
  return error instanceof Error && error.name === 'NEEDS_AUTHENTICATION_ERR';
}
