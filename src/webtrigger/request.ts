import type { PresentedToken } from '../tokens/authenticate';

/** The request a Forge web trigger receives (header names lower-case, values as arrays). */
export type WebTriggerRequest = {
  method: string;
  path?: string;
  userPath?: string;
  headers?: Record<string, string[] | undefined>;
  queryParameters?: Record<string, string[] | undefined>;
  body?: string;
};

/** When and for which installation a request is handled. */
export type RequestScope = { now: Date; installation: string };

export function header(request: WebTriggerRequest, name: string): string | undefined {
  return request.headers?.[name]?.[0];
}

export function queryParameter(request: WebTriggerRequest, name: string): string | undefined {
  return request.queryParameters?.[name]?.[0];
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * The token from `Authorization: Bearer …`, else from `?token=`. A malformed Authorization header
 * counts as presenting a malformed token rather than as presenting none.
 */
export function presentedToken(request: WebTriggerRequest): PresentedToken {
  const authorization = header(request, 'authorization');
  if (authorization !== undefined) return { value: BEARER.exec(authorization)?.[1] ?? authorization, source: 'header' };
  const fromQuery = queryParameter(request, 'token');
  return fromQuery === undefined ? undefined : { value: fromQuery, source: 'query' };
}

/** The trigger URL's own path, without the caller's extra path: the base of every REST path. */
export function triggerBasePath(request: WebTriggerRequest): string {
  const path = request.path ?? '';
  const userPath = request.userPath ?? '';
  return userPath && path.endsWith(userPath) ? path.slice(0, path.length - userPath.length) : path;
}
