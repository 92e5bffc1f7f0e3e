/**
 * The contract between the admin page and the resolver function (DESIGN §8). Imported by both
 * `src/resolvers` and `static/admin`, so the two cannot drift apart.
 */
export const RESOLVER_ERROR_CODES = ['FORBIDDEN', 'VALIDATION', 'NOT_FOUND', 'CONFLICT', 'UNEXPECTED'] as const;
export type ResolverErrorCode = (typeof RESOLVER_ERROR_CODES)[number];

export type FieldError = { field: string; message: string };
export type ResolverError = { code: ResolverErrorCode; message: string; fields?: FieldError[] };
export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export type ApiInfo = { webTriggerUrl: string };

/** Payload and answer of every resolver, by function key. */
export type ResolverDefinitions = {
  'api/info': { payload: Record<string, never>; data: ApiInfo };
};

export type ResolverKey = keyof ResolverDefinitions;
