import type { PresentedToken } from '../tokens/authenticate';
import type { Caller } from './authenticate-request';
import { HttpProblem } from './http-problem';

/**
 * The request a Forge web trigger receives: header and query values as arrays. Header names
 * arrive as the caller sent them (events-reference/web-trigger: the example mixes "Content-Type"
 * and "accept-encoding"), and a query value may arrive split on its commas ("apples=green,red"
 * becomes ["red", "green"]).
 */
export type WebTriggerRequest = {
  method: string;
  path?: string;
  userPath?: string;
  headers?: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
  body?: string;
};

/**
 * One request's circumstances: when, for which installation (one function instance may serve
 * several), and — once its token is verified — who calls.
 */
export type RequestScope = {
  now: Date;
  installation: string;
  caller?: Caller;
  /** How long the installation keeps audit events, as far as this instance knows without a read. */
  retentionDays: () => number;
};

/** Every value of a header, whatever the case of its name. */
export function headerValues(request: WebTriggerRequest, name: string): string[] {
  const wanted = name.toLowerCase();
  const found: string[] = [];
  for (const key in request.headers) {
    if (key.length === wanted.length && key.toLowerCase() === wanted) found.push(...(request.headers[key] ?? []));
  }
  return found;
}

/** The first value of a header, whatever the case of its name. */
export function header(request: WebTriggerRequest, name: string): string | undefined {
  return headerValues(request, name)[0];
}

/**
 * A query parameter that must be given once. None of Quorum's parameters holds a comma, so more
 * than one value means the caller sent it twice or with a comma: refused, rather than guessed at.
 */
export function queryParameter(request: WebTriggerRequest, name: string): string | undefined {
  const values = request.queryParameters?.[name];
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) {
    throw new HttpProblem(400, 'invalid_request', `The query parameter ${name} must be given once.`, {
      errors: [{ field: name, message: 'must be given once, without commas' }],
    });
  }
  return values[0];
}

const BEARER = /^Bearer +([^\s]+) *$/i;
const NOT_A_TOKEN = '';

/**
 * The token from `Authorization: Bearer …`, else from `?token=`. An Authorization header that is
 * not exactly one Bearer credential, or a token given twice, counts as presenting a malformed
 * token rather than as presenting none: it is refused, never looked at further.
 */
export function presentedToken(request: WebTriggerRequest): PresentedToken {
  const authorization = headerValues(request, 'authorization');
  if (authorization.length > 0) {
    const bearer = authorization.length === 1 ? BEARER.exec(authorization[0] ?? '') : null;
    return { value: bearer?.[1] ?? NOT_A_TOKEN, source: 'header' };
  }
  const fromQuery = request.queryParameters?.['token'];
  if (fromQuery === undefined || fromQuery.length === 0) return undefined;
  return { value: fromQuery.length === 1 ? (fromQuery[0] ?? NOT_A_TOKEN) : NOT_A_TOKEN, source: 'query' };
}

/** The trigger URL's own path, without the caller's extra path: the base of every REST path. */
export function triggerBasePath(request: WebTriggerRequest): string {
  const path = request.path ?? '';
  const userPath = request.userPath ?? '';
  return userPath && path.endsWith(userPath) ? path.slice(0, path.length - userPath.length) : path;
}
