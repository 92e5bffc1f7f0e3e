import { flushTokenUsage, flushUnauthenticatedUsage } from '../audit/usage-flush';
import { toHttpProblem } from './domain-problem';
import { HttpProblem } from './http-problem';
import { checkBodySize } from './json-body';
import { triggerBasePath, type RequestScope, type WebTriggerRequest } from './request';
import { jsonResponse, problemResponse, type WebTriggerResponse } from './responses';
import { handleRestStyle } from './rest-style';
import { handleTeamVoiceStyle } from './team-voice-style';
import { policyOf } from './throttle';

export type { WebTriggerRequest } from './request';

/**
 * The `polls-api` web trigger. Team Voice's query style on the bare trigger URL, REST paths after
 * it. The single catch here turns known failures into problem responses and anything else into
 * a bare 500 — its message may carry internals, so only the log sees it.
 */
export async function handlePollsApi(request: WebTriggerRequest, context?: { installContext?: string }): Promise<WebTriggerResponse> {
  // One function instance may serve several installations: what it keeps in memory is per installation.
  const installation = context?.installContext ?? 'unknown';
  const scope: RequestScope = { now: new Date(), installation, retentionDays: () => policyOf(installation).auditRetentionDays };
  let response: WebTriggerResponse;
  try {
    response = await route(normalised(request), scope);
  } catch (error) {
    const problem = toHttpProblem(error);
    if (!problem) console.error('polls-api failed unexpectedly', error);
    response = problemResponse(problem ?? new HttpProblem(500, 'internal_error', 'Something went wrong on our side; retry later.'));
  }
  await writeUsage(scope);
  return response;
}

/** The counts this request added, written if a minute has passed since they last were (DESIGN §5). */
async function writeUsage(scope: RequestScope): Promise<void> {
  const { caller, installation, now } = scope;
  if (caller) await flushTokenUsage(installation, caller.principal, caller.settings.policy.auditRetentionDays, now);
  await flushUnauthenticatedUsage(installation, scope.retentionDays(), now);
}

async function route(request: WebTriggerRequest, at: RequestScope): Promise<WebTriggerResponse> {
  const segments = (request.userPath ?? '')
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodedSegment);
  if (segments.length === 1 && segments[0] === 'openapi.json') {
    if (request.method !== 'GET') throw new HttpProblem(405, 'method_not_allowed', 'Use GET.', { headers: { allow: ['GET'] } });
    // Loaded when asked for: the description and the JSON Schema generator stay out of every other request's cold start.
    const { openApiDocument } = await import('./openapi');
    // A relative server URL: the description is right wherever the trigger is served from.
    return jsonResponse(200, openApiDocument(triggerBasePath(request) || '/'));
  }
  checkBodySize(request);
  return segments.length === 0 ? handleTeamVoiceStyle(request, at) : handleRestStyle(request, segments, at);
}

/** A path segment without its percent-encoding; bad encoding (`%E0%A4%A`) is the caller's mistake. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(400, 'invalid_request', 'The path is not valid percent-encoded UTF-8.', {
      errors: [{ field: '(path)', message: 'is not valid percent-encoding' }],
    });
  }
}

/** Forge hands over the method as the caller sent it; its case is evened out once, here. */
function normalised(request: WebTriggerRequest): WebTriggerRequest {
  return { ...request, method: String(request.method ?? 'GET').toUpperCase() };
}
