import { parseInto } from '../shared/field-errors';
import { createPoll, deletePoll, getPoll, listPolls, patchPoll, pollResults, replacePoll } from '../polls/poll-service';
import { PollLocationSchema, productOfWorkspace, type Poll, type PollLocation } from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import type { Operation } from '../shared/tokens';
import { authorize } from '../tokens/scope';
import { audited, type Use } from './audited';
import { authenticateRequest, requireOperation, requireScope, type Caller } from './authenticate-request';
import { HttpProblem } from './http-problem';
import { jsonBody } from './json-body';
import { header, queryParameter, triggerBasePath, type RequestScope, type WebTriggerRequest } from './request';
import { emptyResponse, jsonResponse, type WebTriggerResponse } from './responses';

const COLLECTION_METHODS = ['GET', 'POST'];
const ITEM_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'];
const OPERATION_BY_METHOD: Record<string, Operation> = { GET: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** `/polls` and `/polls/{id}` after the trigger URL (Forge's `userPath`). */
export async function handleRestStyle(
  request: WebTriggerRequest,
  segments: string[],
  { now, installation }: RequestScope,
): Promise<WebTriggerResponse> {
  const [collection, id, ...rest] = segments;
  if (collection !== 'polls' || rest.length > 0)
    throw new HttpProblem(404, 'not_found', 'No such resource: use /polls, /polls/{id} or /openapi.json.');
  const allowed = id === undefined ? COLLECTION_METHODS : ITEM_METHODS;
  if (!allowed.includes(request.method)) {
    throw new HttpProblem(405, 'method_not_allowed', `Use ${allowed.join(', ')}.`, { headers: { allow: [allowed.join(', ')] } });
  }
  const operation = OPERATION_BY_METHOD[request.method] as Operation;
  const caller = await authenticateRequest(request, now, installation);
  return id === undefined
    ? collectionRequest(request, caller, operation, now)
    : itemRequest(request, caller, operation, decodeURIComponent(id), now);
}

async function collectionRequest(request: WebTriggerRequest, caller: Caller, operation: Operation, now: Date): Promise<WebTriggerResponse> {
  if (operation === 'read') {
    const problems: FieldError[] = [];
    const location = locationFrom(
      queryParameter(request, 'workspace'),
      queryParameter(request, 'content'),
      queryParameter(request, 'container'),
      problems,
    );
    const limit = queryParameter(request, 'limit');
    if (limit !== undefined && !/^\d{1,3}$/.test(limit)) problems.push({ field: 'limit', message: 'must be a whole number from 1 to 100' });
    if (!location || problems.length > 0) throw invalidParameters(problems);
    const workspace = { product: location.product, id: location.workspace };
    await requireScope(request, caller, operation, workspace, now);
    return audited({ caller, request, now, operation, workspace }, async () => {
      const cursor = queryParameter(request, 'cursor');
      const page = await listPolls(location, { ...(limit ? { limit: Number(limit) } : {}), ...(cursor ? { cursor } : {}) });
      const polls =
        queryParameter(request, 'expand') === 'results' ? page.polls.map((poll) => ({ ...poll, results: pollResults(poll) })) : page.polls;
      return { response: jsonResponse(200, { ...page, polls }) };
    });
  }

  const body = jsonBody(request);
  const { workspace: rawWorkspace, content, container, ...poll } = isObject(body) ? body : {};
  const problems: FieldError[] = [];
  if (!isObject(body)) problems.push({ field: '(body)', message: 'must be a JSON object' });
  const location = locationFrom(asString(rawWorkspace), asString(content), asString(container), problems);
  if (!location || problems.length > 0) throw invalidParameters(problems);
  const workspace = { product: location.product, id: location.workspace };
  await requireScope(request, caller, operation, workspace, now);
  return audited({ caller, request, now, operation, workspace }, async () => {
    const idempotencyKey = header(request, 'idempotency-key');
    const created = await createPoll(
      location,
      poll,
      { type: 'token', id: caller.principal.tokenId },
      idempotencyKey === undefined ? {} : { idempotencyKey },
    );
    const headers: Record<string, string[]> = {
      location: [`${triggerBasePath(request)}/polls/${created.poll.id}`],
      etag: [etagOf(created.poll)],
    };
    // A replay answers exactly as the first request did, so a retried rule sees the same poll.
    if (created.replayed) headers['idempotent-replayed'] = ['true'];
    return { response: jsonResponse(201, created.poll, headers), pollId: created.poll.id };
  });
}

async function itemRequest(
  request: WebTriggerRequest,
  caller: Caller,
  operation: Operation,
  id: string,
  now: Date,
): Promise<WebTriggerResponse> {
  const { scope } = caller.principal.record;
  // Whether the token may do this at all is known without storage; a poll outside its
  // workspaces then answers 404 as if absent, so a token cannot probe for polls it may not see.
  await requireOperation(request, caller, operation, now);
  const use: Use = { caller, request, now, operation, workspace: null, pollId: id };
  const inScope = (poll: Poll): boolean => {
    use.workspace = { product: poll.product, id: poll.workspace };
    const allowed = authorize(scope, operation, use.workspace) === 'allowed';
    if (!allowed) use.refusedAs = 'insufficient_scope';
    return allowed;
  };
  const expectedVersion = ifMatchVersion(request);
  const options = { inScope, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
  return audited(use, async () => {
    switch (request.method) {
      case 'GET': {
        const poll = await getPoll(id);
        if (!poll || !inScope(poll)) throw new HttpProblem(404, 'not_found', 'There is no poll with this id.');
        const view = queryParameter(request, 'expand') === 'results' ? { ...poll, results: pollResults(poll) } : poll;
        return { response: jsonResponse(200, view, { etag: [etagOf(poll)] }) };
      }
      case 'PUT': {
        const poll = await replacePoll(id, jsonBody(request), options);
        return { response: jsonResponse(200, poll, { etag: [etagOf(poll)] }) };
      }
      case 'PATCH': {
        const poll = await patchPoll(id, jsonBody(request), options);
        return { response: jsonResponse(200, poll, { etag: [etagOf(poll)] }) };
      }
      default: {
        await deletePoll(id, options);
        return { response: emptyResponse(204) };
      }
    }
  });
}

function locationFrom(
  workspace: string | undefined,
  content: string | undefined,
  container: string | undefined,
  problems: FieldError[],
): PollLocation | undefined {
  if (!workspace) problems.push({ field: 'workspace', message: 'is required: the Jira project key or the Confluence space id' });
  if (!content) problems.push({ field: 'content', message: 'is required: the Jira issue key or the Confluence page id' });
  if (!workspace || !content) return undefined;
  return parseInto(
    PollLocationSchema,
    { product: productOfWorkspace(workspace), workspace, content, container: container ?? '' },
    problems,
  );
}

function invalidParameters(problems: FieldError[]): HttpProblem {
  return new HttpProblem(400, 'invalid_request', 'The request is invalid; see errors for each field.', { errors: problems });
}

/** Strong ETags from the poll's version: every change increments it. */
export function etagOf(poll: Poll): string {
  return `"v${poll.version}"`;
}

/** The version an `If-Match` names; a value that matches no version can never succeed. */
function ifMatchVersion(request: WebTriggerRequest): number | undefined {
  const value = header(request, 'if-match')?.trim();
  if (value === undefined || value === '*') return undefined;
  const match = /^(?:W\/)?"v(\d{1,9})"$/.exec(value);
  return match?.[1] ? Number(match[1]) : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
