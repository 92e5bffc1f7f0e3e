import type { ResolverResult } from '../../../src/shared/resolver-contract';
import { getApiInfo, getSettings, getWorkspaces, listTokens } from './api';

type Call<T> = () => Promise<ResolverResult<T>>;

const started = new Map<Call<unknown>, Promise<ResolverResult<unknown>>>();

/**
 * Starts the first page's resolver calls before React renders, so they run while the page's
 * code is still being evaluated instead of after the first commit. Rejections are kept for
 * whoever takes the call; a call nobody takes is harmless.
 */
export function preloadFirstPage(): void {
  for (const call of [listTokens, getSettings, getWorkspaces, getApiInfo] as Array<Call<unknown>>) {
    const pending = call();
    pending.catch(() => undefined);
    started.set(call, pending);
  }
}

/** The preloaded answer of `call` the first time it is asked for, a fresh call after that. */
export function preloaded<T>(call: Call<T>): Call<T> {
  return () => {
    const pending = started.get(call as Call<unknown>) as Promise<ResolverResult<T>> | undefined;
    started.delete(call as Call<unknown>);
    return pending ?? call();
  };
}
