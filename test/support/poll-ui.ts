import type { LocalRuntime } from '../../local/runtime';
import type { PollUiResolverDefinitions, PollUiResolverKey } from '../../src/shared/poll-ui';
import type { ResolverResult } from '../../src/shared/resolver-contract';

export const ISSUE_PANEL = 'quorum-issue-panel';
export const MACRO = 'quorum-poll-macro';

/** Where a poll UI call is made: an issue (its panel) or a macro on a page. */
export type Place = { issueKey: string } | { pageId: string; localId: string };

/** Calls a poll UI resolver as `accountId`, from the module that lives at `place`. */
export async function callPolls<K extends PollUiResolverKey>(
  runtime: LocalRuntime,
  accountId: string,
  place: Place,
  key: K,
  payload: PollUiResolverDefinitions[K]['payload'] | Record<string, unknown>,
): Promise<ResolverResult<PollUiResolverDefinitions[K]['data']>> {
  return (await runtime.invokeResolver({
    moduleKey: 'issueKey' in place ? ISSUE_PANEL : MACRO,
    functionKey: key,
    payload,
    accountId,
    context: place,
  })) as ResolverResult<PollUiResolverDefinitions[K]['data']>;
}

/** A poll body with every setting at its default but those given. */
export function pollBody(settings: Record<string, unknown> = {}, options = ['Yes', 'No', 'Maybe']): Record<string, unknown> {
  return { title: 'Ship on Friday?', options: options.map((title) => ({ title })), settings };
}
