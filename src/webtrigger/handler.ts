import { problemResponse, type WebTriggerResponse } from './problem';

export type WebTriggerRequest = {
  method: string;
  path?: string;
  userPath?: string;
  headers?: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
  body?: string;
};

/** The `polls-api` web trigger. Until tokens exist, every request is unauthenticated. */
export async function handlePollsApi(_request: WebTriggerRequest): Promise<WebTriggerResponse> {
  return problemResponse(
    { title: 'Unauthorized', status: 401, code: 'invalid_token', detail: 'A valid access token is required.' },
    { 'www-authenticate': ['Bearer realm="quorum", error="invalid_token"'] },
  );
}
