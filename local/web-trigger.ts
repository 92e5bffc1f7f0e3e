/**
 * Forge's web trigger request (events-reference/web-trigger): header and query values as arrays,
 * header names as the caller sent them.
 */
export type WebTriggerRequest = {
  method: string;
  path: string;
  userPath: string;
  headers: Record<string, string[]>;
  queryParameters: Record<string, string[]>;
  body: string;
};

export type WebTriggerResponse = {
  statusCode: number;
  headers?: Record<string, string[]>;
  body?: string;
  statusText?: string;
};

export type SimpleRequest = {
  method?: string;
  /** Path and query after the trigger URL, e.g. `/polls?limit=5` or `?token=…`. */
  url?: string;
  /** Names keep the case given; over HTTP, one value per header line, as received. */
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
};

/** Builds the request a web trigger function receives from a plain description of an HTTP call. */
export function toWebTriggerRequest(triggerKey: string, request: SimpleRequest): WebTriggerRequest {
  // Split by hand: a path such as `//x` must stay a path, not become a URL's authority.
  const raw = request.url ?? '';
  const queryStart = raw.indexOf('?');
  const rawPath = queryStart === -1 ? raw : raw.slice(0, queryStart);
  const userPath = rawPath === '' || rawPath === '/' ? '' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const headers: Record<string, string[]> = {};
  const given = request.headers ?? {};
  for (const name in given) {
    const value = given[name];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const earlier = headers[name];
    headers[name] = earlier ? [...earlier, ...values] : values.slice();
  }
  // The documented example turns `?apples=green,red` into `"apples": ["red", "green"]`: values are
  // split on commas, and that example lists them in reverse, which is reproduced here.
  const queryParameters: Record<string, string[]> = {};
  if (queryStart !== -1) {
    for (const [name, value] of new URLSearchParams(raw.slice(queryStart + 1))) {
      queryParameters[name] = [...(queryParameters[name] ?? []), ...value.split(',').reverse()];
    }
  }
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: `/x1/${triggerKey}${userPath}`,
    userPath,
    headers,
    queryParameters,
    body: request.body ?? '',
  };
}

/** Mirrors the platform: a result that is not a valid response object becomes a 500. */
export function isWebTriggerResponse(value: unknown): value is WebTriggerResponse {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  const { statusCode, headers, body } = candidate;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return false;
  if (body !== undefined && typeof body !== 'string') return false;
  if (candidate['statusText'] !== undefined && typeof candidate['statusText'] !== 'string') return false;
  if (headers === undefined) return true;
  if (headers === null || typeof headers !== 'object') return false;
  return Object.values(headers).every((v) => Array.isArray(v) && v.every((item) => typeof item === 'string'));
}
