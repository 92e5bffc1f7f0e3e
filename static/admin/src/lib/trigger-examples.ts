import type { TokenScope } from '../../../../src/shared/tokens';

/** Where an example request points: a workspace and a content item, smart values allowed. */
export type ExampleTarget = { product: 'jira' | 'confluence'; workspace: string; content: string; container: string };

export type AutomationRequest = { url: string; method: 'POST'; headers: Array<{ name: string; value: string }>; body: string };

export type TokenExamples = {
  /** Team Voice style, token in the query; null when the policy accepts only the header. */
  triggerUrl: string | null;
  curl: string;
  automation: AutomationRequest;
};

const SMART_VALUE = /(\{\{[^{}]+\}\})/;

/**
 * Builds a query string whose Jira Automation smart values (`{{issue.key}}`) stay readable:
 * Automation replaces them before sending, and only if they are not percent-encoded.
 */
export function queryString(params: ReadonlyArray<readonly [string, string]>): string {
  const encode = (value: string): string =>
    value
      .split(SMART_VALUE)
      .map((part) => (SMART_VALUE.test(part) ? part : encodeURIComponent(part)))
      .join('');
  return params.map(([name, value]) => `${encodeURIComponent(name)}=${encode(value)}`).join('&');
}

/** The rule's target: the token's only project, or the issue's project via smart values. */
export function automationTarget(scope: TokenScope): ExampleTarget {
  if (scope.anyWorkspace || scope.jiraProjects.length > 0) {
    const workspace = scope.jiraProjects.length === 1 && !scope.anyWorkspace ? (scope.jiraProjects[0] ?? '') : '{{issue.project.key}}';
    return { product: 'jira', workspace, content: '{{issue.key}}', container: '' };
  }
  const workspace = scope.confluenceSpaces.length === 1 ? (scope.confluenceSpaces[0] ?? '') : '{{space.id}}';
  return { product: 'confluence', workspace, content: '{{page.id}}', container: 'MACRO_ID' };
}

/** A concrete target for a one-off request from a terminal. */
export function curlTarget(scope: TokenScope): ExampleTarget {
  const project = scope.jiraProjects[0];
  if (project !== undefined) return { product: 'jira', workspace: project, content: `${project}-1`, container: '' };
  const space = scope.confluenceSpaces[0];
  if (space !== undefined) return { product: 'confluence', workspace: space, content: 'PAGE_ID', container: 'MACRO_ID' };
  return { product: 'jira', workspace: 'PROJECT', content: 'PROJECT-1', container: '' };
}

function targetParams(target: ExampleTarget): Array<[string, string]> {
  const params: Array<[string, string]> = [
    ['type', 'polls'],
    ['workspace', target.workspace],
    ['content', target.content],
  ];
  if (target.product === 'confluence') params.push(['container', target.container]);
  return params;
}

export function teamVoiceUrl(baseUrl: string, token: string, target: ExampleTarget): string {
  return `${baseUrl}?${queryString([['token', token], ...targetParams(target)])}`;
}

export function restListUrl(baseUrl: string, target: ExampleTarget): string {
  const params: Array<[string, string]> = [
    ['workspace', target.workspace],
    ['content', target.content],
  ];
  if (target.product === 'confluence') params.push(['container', target.container]);
  return `${baseUrl}/polls?${queryString(params)}`;
}

/** A shell-safe single-quoted word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function curlListPolls(baseUrl: string, token: string, target: ExampleTarget): string {
  return `curl -H ${shellQuote(`Authorization: Bearer ${token}`)} \\\n  ${shellQuote(restListUrl(baseUrl, target))}`;
}

/** Team Voice's 5-star example poll, titled after the issue the rule runs on. */
export function examplePollBody(target: ExampleTarget): string {
  const subject = target.product === 'jira' ? '{{issue.key}}' : 'this page';
  const stars = ['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐'];
  return JSON.stringify(
    {
      title: `How satisfied are you with ${subject}?`,
      description: 'Rate from one to five stars.',
      options: stars.map((title, i) => ({ id: String(i + 1), title })),
    },
    null,
    2,
  );
}

export function automationRequest(baseUrl: string, token: string, scope: TokenScope): AutomationRequest {
  const target = automationTarget(scope);
  return {
    // The token goes in a header: Automation can hide header values, and URLs end up in logs.
    url: `${baseUrl}?${queryString(targetParams(target))}`,
    method: 'POST',
    headers: [
      { name: 'Authorization', value: `Bearer ${token}` },
      { name: 'Content-Type', value: 'application/json' },
    ],
    body: examplePollBody(target),
  };
}

export function tokenExamples(baseUrl: string, token: string, scope: TokenScope, acceptQueryToken: boolean): TokenExamples {
  return {
    triggerUrl: acceptQueryToken ? teamVoiceUrl(baseUrl, token, automationTarget(scope)) : null,
    curl: curlListPolls(baseUrl, token, curlTarget(scope)),
    automation: automationRequest(baseUrl, token, scope),
  };
}
