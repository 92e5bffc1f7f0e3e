import { createPoll, deletePoll, getPoll, listPolls, replacePoll, withResults } from '../polls/poll-service';
import { parseInto } from '../shared/field-errors';
import { PollLocationSchema, productOfWorkspace, type Poll, type PollLocation } from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import type { Operation } from '../shared/tokens';
import { audited } from './audited';
import { authenticateRequest, requireScope } from './authenticate-request';
import { HttpProblem } from './http-problem';
import { jsonBody } from './json-body';
import { queryParameter, type RequestScope, type WebTriggerRequest } from './request';
import { jsonResponse, type WebTriggerResponse } from './responses';

const OPERATION_BY_METHOD: Record<string, Operation> = { GET: 'read', POST: 'create', PUT: 'update', DELETE: 'delete' };
export const TEAM_VOICE_METHODS = Object.keys(OPERATION_BY_METHOD);
/**
 * Team Voice answers every poll of a content in one array, and so does Quorum, as far as one
 * answer can carry: a web trigger response is at most 5 MB, headers included (limits-invocation,
 * "Payload size"), and the trigger has 55 seconds. Past either budget the caller is told so (422
 * `too_many_polls`) and pointed at the paged REST list; the array is never silently cut short.
 */
export const TEAM_VOICE_LIST_BUDGET = { bytes: 4_000_000, ms: 20_000 };

/**
 * Team Voice's query style on the trigger URL itself:
 * `?token=…&type=polls&workspace=W&content=C[&container=M][&pollId=P][&expand=results]`, so
 * Automation rules written for it work unchanged.
 */
export async function handleTeamVoiceStyle(request: WebTriggerRequest, scope: RequestScope): Promise<WebTriggerResponse> {
  const operation = OPERATION_BY_METHOD[request.method];
  if (!operation) {
    throw new HttpProblem(405, 'method_not_allowed', `Use ${TEAM_VOICE_METHODS.join(', ')}.`, {
      headers: { allow: [TEAM_VOICE_METHODS.join(', ')] },
    });
  }
  const caller = await authenticateRequest(request, scope);
  const { location, pollId, expandResults } = teamVoiceParameters(request, operation);
  const workspace = { product: location.product, id: location.workspace };
  await requireScope(request, scope, caller, operation, workspace);
  const inLocation = (poll: Poll): boolean =>
    poll.product === location.product &&
    poll.workspace === location.workspace &&
    poll.content === location.content &&
    poll.container === location.container;
  const view = async (polls: Poll[]): Promise<Poll[]> => (expandResults ? withResults(polls) : polls);
  const one = async (poll: Poll): Promise<Poll> => (await view([poll]))[0] ?? poll;

  return audited({ caller, request, scope, operation, workspace, ...(pollId ? { pollId } : {}) }, async (auditRows) => {
    switch (operation) {
      case 'read': {
        if (pollId) {
          const poll = await getPoll(pollId);
          if (!poll || !inLocation(poll)) throw new HttpProblem(404, 'not_found', 'There is no poll with this id on this content.');
          return { response: jsonResponse(200, await view([poll])) };
        }
        return { response: jsonResponse(200, await allPollsAt(location, view)) };
      }
      case 'create': {
        const { poll } = await createPoll(
          location,
          jsonBody(request),
          { type: 'token', id: caller.principal.tokenId },
          { alongside: auditRows },
        );
        return { response: jsonResponse(200, await one(poll)) };
      }
      case 'update': {
        const poll = await replacePoll(pollId ?? '', jsonBody(request), { inScope: inLocation, alongside: auditRows });
        return { response: jsonResponse(200, await one(poll)) };
      }
      case 'delete': {
        const poll = await deletePoll(pollId ?? '', { inScope: inLocation, alongside: auditRows });
        return { response: jsonResponse(200, { id: poll.id, deleted: true }) };
      }
    }
  });
}

function teamVoiceParameters(
  request: WebTriggerRequest,
  operation: Operation,
): { location: PollLocation; pollId: string | undefined; expandResults: boolean } {
  const problems: FieldError[] = [];
  const type = queryParameter(request, 'type');
  if (type === undefined || type === '') problems.push({ field: 'type', message: 'is required: use type=polls' });
  else if (type !== 'polls') problems.push({ field: 'type', message: "must be 'polls'" });
  const workspace = queryParameter(request, 'workspace') ?? '';
  const content = queryParameter(request, 'content') ?? '';
  const container = queryParameter(request, 'container') ?? '';
  if (workspace === '') problems.push({ field: 'workspace', message: 'is required: the Jira project key or the Confluence space id' });
  if (content === '') problems.push({ field: 'content', message: 'is required: the Jira issue key or the Confluence page id' });
  const product = productOfWorkspace(workspace);
  if (product === 'confluence' && container === '')
    problems.push({ field: 'container', message: 'is required for Confluence: the macro id' });
  const location = problems.length === 0 ? parseInto(PollLocationSchema, { product, workspace, content, container }, problems) : undefined;
  const pollId = queryParameter(request, 'pollId');
  if ((operation === 'update' || operation === 'delete') && !pollId)
    problems.push({ field: 'pollId', message: 'is required to update or delete a poll' });
  const expand = queryParameter(request, 'expand');
  if (expand !== undefined && expand !== '' && expand !== 'results') problems.push({ field: 'expand', message: "may only be 'results'" });
  if (!location || problems.length > 0)
    throw new HttpProblem(400, 'invalid_request', 'Some query parameters are missing or invalid.', { errors: problems });
  return { location, pollId: pollId || undefined, expandResults: expand === 'results' };
}

async function allPollsAt(location: PollLocation, view: (polls: Poll[]) => Promise<Poll[]>): Promise<Poll[]> {
  const started = Date.now();
  const polls: Poll[] = [];
  let bytes = 2; // the brackets of the array
  let cursor: string | undefined;
  do {
    const page = await listPolls(location, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const shown of await view(page.polls)) {
      bytes += Buffer.byteLength(JSON.stringify(shown)) + 1;
      polls.push(shown);
    }
    cursor = page.nextCursor ?? undefined;
    // Too big to send, or more pages to read with the time gone: stop before the platform does.
    const outOfTime = cursor !== undefined && Date.now() - started > TEAM_VOICE_LIST_BUDGET.ms;
    if (bytes > TEAM_VOICE_LIST_BUDGET.bytes || outOfTime) throw tooManyPolls(polls.length, location);
  } while (cursor);
  return polls;
}

function tooManyPolls(read: number, location: PollLocation): HttpProblem {
  const query = new URLSearchParams({ workspace: location.workspace, content: location.content });
  if (location.container) query.set('container', location.container);
  return new HttpProblem(
    422,
    'too_many_polls',
    `This content has more polls than one answer can carry (${read} read before the limit). ` +
      `List them page by page with GET /polls?${query.toString()}.`,
  );
}
