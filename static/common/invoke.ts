import { invoke } from '@forge/bridge';
import type { ResolverResult } from '../../src/shared/resolver-contract';

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

type Definitions = Record<string, { payload: unknown; data: unknown }>;

/**
 * A typed caller of one resolver function's definitions, through the Forge bridge. Expected
 * failures come back as `{ ok: false }`; a rejection means the call itself failed (bridge,
 * network, or a resolver that crashed).
 */
export function resolverCaller<D extends Definitions>() {
  return async function callResolver<K extends keyof D & string>(
    functionKey: K,
    payload: D[K]['payload'],
  ): Promise<ResolverResult<D[K]['data']>> {
    const response: unknown = await invoke(functionKey, payload as Parameters<typeof invoke>[1]);
    if (!isEnvelope(response)) throw new MalformedResponseError(functionKey);
    // The shape of `data` is the resolver's side of the shared contract, not re-validated here.
    return response as ResolverResult<D[K]['data']>;
  };
}
