import type { FieldError } from '../shared/resolver-contract';

/** An RFC 9457 problem, the body of every error the web trigger answers. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
};

export type WebTriggerResponse = { statusCode: number; headers: Record<string, string[]>; body: string };

export function problemResponse(
  problem: Omit<Problem, 'type' | 'errors'> & { errors?: FieldError[] },
  headers: Record<string, string[]> = {},
): WebTriggerResponse {
  const body: Problem = { type: `https://quorum.app/problems/${problem.code}`, errors: [], ...problem };
  return {
    statusCode: problem.status,
    headers: { 'content-type': ['application/problem+json'], ...headers },
    body: JSON.stringify(body),
  };
}
