import type { HttpProblem } from './http-problem';

/** What a Forge web trigger function returns. */
export type WebTriggerResponse = { statusCode: number; headers: Record<string, string[]>; body: string };

// Jira Automation parses only JSON into {{webResponse.body}}: every success is JSON.
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string[]> = {}): WebTriggerResponse {
  return { statusCode, headers: { 'content-type': ['application/json'], ...headers }, body: JSON.stringify(body) };
}

export function emptyResponse(statusCode: number, headers: Record<string, string[]> = {}): WebTriggerResponse {
  return { statusCode, headers, body: '' };
}

export function problemResponse(problem: HttpProblem): WebTriggerResponse {
  return {
    statusCode: problem.status,
    headers: { 'content-type': ['application/problem+json'], ...problem.extra.headers },
    body: JSON.stringify(problem.toProblem()),
  };
}
