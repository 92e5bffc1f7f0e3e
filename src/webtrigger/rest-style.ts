import { parseInto } from '../shared/field-errors';
import { createPoll, deletePoll, getPoll, listPolls, patchPoll, replacePoll, withResults } from '../polls/poll-service';
import { PollLocationSchema, productOfWorkspace, type Poll, type PollLocation } from '../shared/polls';
import type { FieldError } from '../shared/resolver-contract';
import type { Operation } from '../shared/tokens';
import { authorize } from '../tokens/scope';
import { audited, type Use } from './audited';
import { authenticateRequest, requireOperation, requireScope, type Caller } from './authenticate-request';
import { HttpProblem } from './http-problem';
import { jsonBody } from './json-body';
import { header, headerValues, queryParameter, triggerBasePath, type RequestScope, type WebTriggerRequest } from './request';
import { emptyResponse, jsonResponse, type WebTriggerResponse } from './responses';
import { isRecord } from '../shared/schemas';

const COLLECTION_METHODS = ['GET', 'POST'];
const ITEM_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE'];
const OPERATION_BY_METHOD: Record<string, Operation> = { GET: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** `/polls` and `/polls/{id}` after the trigger URL (Forge's `userPath`). */
export async function handleRestStyle(request: WebTriggerRequest, segments: string[], scope: RequestScope): Promise<WebTriggerResponse> {
  const [collection, id, ...rest] = segments;
  if (collection !== 'polls' || rest.length > 0)
    throw new HttpProblem(404, 'not_found', 'No such resource: use /polls, /polls/{id} or /openapi.json.');
  const allowed = id === undefined ? COLLECTION_METHODS : ITEM_METHODS;
  if (!allowed.includes(request.method)) {
    throw new HttpProblem(405, 'method_not_allowed', `Use ${allowed.join(', ')}.`, { headers: { allow: [allowed.join(', ')] } });
  }
  const operation = OPERATION_BY_METHOD[request.method] as Operation;
  const caller = await authenticateRequest(request, scope);
  return id === undefined ? collectionRequest(request, scope, caller, operation) : itemRequest(request, scope, caller, operation, id);
}

async function collectionRequest(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
): Promise<WebTriggerResponse> {
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
    await requireScope(request, scope, caller, operation, workspace);
    return audited({ caller, request, scope, operation, workspace }, async () => {
      const cursor = queryParameter(request, 'cursor');
      const page = await listPolls(location, { ...(limit ? { limit: Number(limit) } : {}), ...(cursor ? { cursor } : {}) });
      const polls = queryParameter(request, 'expand') === 'results' ? await withResults(page.polls) : page.polls;
      return { response: jsonResponse(200, { ...page, polls }) };
    });
  }

  const body = jsonBody(request);
  const { workspace: rawWorkspace, content, container, ...poll } = isRecord(body) ? body : {};
  const problems: FieldError[] = [];
  if (!isRecord(body)) problems.push({ field: '(body)', message: 'must be a JSON object' });
  const location = locationFrom(asString(rawWorkspace), asString(content), asString(container), problems);
  if (!location || problems.length > 0) throw invalidParameters(problems);
  const workspace = { product: location.product, id: location.workspace };
  await requireScope(request, scope, caller, operation, workspace);
  return audited({ caller, request, scope, operation, workspace }, async (auditRows) => {
    const idempotencyKey = header(request, 'idempotency-key');
    const created = await createPoll(
      location,
      poll,
      { type: 'token', id: caller.principal.tokenId },
      { alongside: auditRows, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) },
    );
    const headers: Record<string, string[]> = {
      location: [`${triggerBasePath(request)}/polls/${created.poll.id}`],
      etag: [etagOf(created.poll)],
    };
    // A replay answers exactly as the first request did, so a retried rule sees the same poll.
    if (created.replayed) headers['idempotent-replayed'] = ['true'];
    return { response: jsonResponse(201, created.poll, headers), replayed: created.replayed };
  });
}

async function itemRequest(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
  id: string,
): Promise<WebTriggerResponse> {
  const tokenScope = caller.principal.record.scope;
  // Whether the token may do this at all is known without storage; a poll outside its
  // workspaces then answers 404 as if absent, so a token cannot probe for polls it may not see.
  await requireOperation(request, scope, caller, operation);
  const use: Use = { caller, request, scope, operation, workspace: null, pollId: id };
  const inScope = (poll: Poll): boolean => {
    use.workspace = { product: poll.product, id: poll.workspace };
    const allowed = authorize(tokenScope, operation, use.workspace) === 'allowed';
    if (!allowed) use.outOfScope = true;
    return allowed;
  };
  const ifMatch = ifMatchOf(request);
  return audited(use, async (auditRows) => {
    const options = { inScope, alongside: auditRows, ...(ifMatch === undefined ? {} : { ifMatch }) };
    switch (request.method) {
      case 'GET': {
        const poll = await getPoll(id);
        if (!poll || !inScope(poll)) throw new HttpProblem(404, 'not_found', 'There is no poll with this id.');
        const view = queryParameter(request, 'expand') === 'results' ? ((await withResults([poll]))[0] ?? poll) : poll;
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

/**
 * What `If-Match` requires (RFC 9110, 13.1.1): `*`, any current version; or one of a list of
 * entity tags, compared strongly — a weak tag (`W/"v3"`) or a tag that is not one of ours
 * matches no version. Several header lines are one list.
 */
function ifMatchOf(request: WebTriggerRequest): number[] | 'any' | undefined {
  const lines = headerValues(request, 'if-match');
  if (lines.length === 0) return undefined;
  const tags = lines
    .flatMap((line) => line.split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  if (tags.includes('*')) return 'any';
  return tags.flatMap((tag) => {
    const match = /^"v(\d{1,9})"$/.exec(tag);
    return match?.[1] ? [Number(match[1])] : [];
  });
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
