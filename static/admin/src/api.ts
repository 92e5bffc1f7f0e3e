import { invoke } from '@forge/bridge';

// Resolver contract (DESIGN §8). Declared here only until `src/shared` exists; then these types
// are imported from there by both the resolvers and this UI, and this block is deleted.
export type ResolverErrorCode = 'FORBIDDEN' | 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'UNEXPECTED';

export type FieldError = { field: string; message: string };

export type ResolverError = { code: ResolverErrorCode; message: string; fields?: FieldError[] };

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export type ApiInfo = { webTriggerUrl: string };

type ResolverContract = {
  'api/info': { payload: Record<string, never>; data: ApiInfo };
};

export type ResolverKey = keyof ResolverContract;

/** Thrown when the bridge answers with something that is not a resolver envelope. */
export class MalformedResponseError extends Error {
  constructor(functionKey: string) {
    super(`Resolver ${functionKey} answered without the { ok, data | error } envelope`);
    this.name = 'MalformedResponseError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isEnvelope(value: unknown): value is ResolverResult<unknown> {
  if (!isObject(value)) return false;
  if (value.ok === true) return 'data' in value;
  return value.ok === false && isObject(value.error) && typeof value.error.message === 'string';
}

/**
 * Calls a resolver through the Forge bridge. Expected failures come back as `{ ok: false }`;
 * a rejection means the call itself failed (bridge, network, or a resolver that crashed).
 */
export async function callResolver<K extends ResolverKey>(
  functionKey: K,
  payload: ResolverContract[K]['payload'],
): Promise<ResolverResult<ResolverContract[K]['data']>> {
  const response: unknown = await invoke(functionKey, payload);
  if (!isEnvelope(response)) throw new MalformedResponseError(functionKey);
  // The shape of `data` is the resolver's side of the shared contract, not re-validated here.
  return response as ResolverResult<ResolverContract[K]['data']>;
}

export function getApiInfo(): Promise<ResolverResult<ApiInfo>> {
  return callResolver('api/info', {});
}
